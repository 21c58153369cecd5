// Label selectors as the API server evaluates them (metav1.LabelSelector and the `a=b,c!=d` query syntax).
import type { LabelSelector } from "./k8s-types.js";

/** policy/v1 semantics: an empty selector matches every pod in the namespace; a missing one matches none. */
export function selectorMatches(
  selector: LabelSelector | undefined,
  labels: Record<string, string> = {},
): boolean {
  if (selector === undefined) return false;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  for (const requirement of selector.matchExpressions ?? []) {
    const present = Object.hasOwn(labels, requirement.key);
    const value = labels[requirement.key];
    const values = requirement.values ?? [];
    switch (requirement.operator) {
      case "In":
        if (!present || !values.includes(value ?? "")) return false;
        break;
      case "NotIn":
        if (present && values.includes(value ?? "")) return false;
        break;
      case "Exists":
        if (!present) return false;
        break;
      case "DoesNotExist":
        if (present) return false;
        break;
    }
  }
  return true;
}

/** A `labelSelector` / `fieldSelector` query parameter reduced to equality terms (`k=v`, `k==v`, `k!=v`). */
export interface SelectorTerm {
  key: string;
  value: string;
  negated: boolean;
}

export function parseSelectorQuery(query: string): SelectorTerm[] | undefined {
  const terms: SelectorTerm[] = [];
  for (const raw of query.split(",")) {
    const part = raw.trim();
    if (part === "") continue;
    const match = /^([^=!\s]+)\s*(!=|==|=)\s*(\S*)$/.exec(part);
    if (match === null) return undefined;
    terms.push({ key: match[1] ?? "", value: match[3] ?? "", negated: match[2] === "!=" });
  }
  return terms;
}

export function termsMatch(
  terms: readonly SelectorTerm[],
  lookup: (key: string) => string | undefined,
): boolean {
  return terms.every((term) => (lookup(term.key) === term.value) !== term.negated);
}
