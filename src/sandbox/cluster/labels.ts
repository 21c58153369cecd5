// Label selectors as the API server evaluates them (metav1.LabelSelector and the `a=b,c!=d` query syntax).
export { selectorMatches } from "../../cluster/selector.js";

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
