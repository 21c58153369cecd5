// Label selectors (metav1.LabelSelector) as the API server evaluates them: one implementation for the bot
// and for the simulated cluster.

export interface LabelSelectorLike {
  matchLabels?: Readonly<Record<string, string>>;
  matchExpressions?: ReadonlyArray<{ key: string; operator: string; values?: readonly string[] }>;
}

/** policy/v1 semantics: an empty selector matches every pod of the namespace; a missing one matches none. */
export function selectorMatches(
  selector: LabelSelectorLike | undefined,
  labels: Readonly<Record<string, string>> = {},
): boolean {
  if (selector === undefined) return false;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  for (const requirement of selector.matchExpressions ?? []) {
    const present = Object.hasOwn(labels, requirement.key);
    const value = labels[requirement.key] ?? "";
    const values = requirement.values ?? [];
    const ok =
      requirement.operator === "In"
        ? present && values.includes(value)
        : requirement.operator === "NotIn"
          ? !present || !values.includes(value)
          : requirement.operator === "Exists"
            ? present
            : requirement.operator === "DoesNotExist"
              ? !present
              : false;
    if (!ok) return false;
  }
  return true;
}
