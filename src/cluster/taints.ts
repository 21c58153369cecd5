// Which taints to write so the bot's taints on a node are exactly the desired ones, leaving every other
// taint (kubeadm's, the node controller's, a person's) as it is. Pure.
import type { NodeTaint } from "../generated/cluster-snapshot.js";
import type { Taint } from "../generated/taints.js";

export interface TaintPlan<T extends NodeTaint> {
  next: Array<T | Taint>;
  added: Taint[];
  removed: T[];
}

const same = (a: NodeTaint, b: NodeTaint) =>
  a.key === b.key && a.effect === b.effect && (a.value ?? "") === (b.value ?? "");

/** Generic over the taint type so fields the bot does not model (`timeAdded`) survive the rewrite. */
export function planBotTaints<T extends NodeTaint>(
  current: readonly T[],
  desired: readonly Taint[],
  botTaintKeys: readonly string[],
): TaintPlan<T> {
  const bot = new Set(botTaintKeys);
  const foreignKey = desired.find((t) => !bot.has(t.key));
  if (foreignKey !== undefined) {
    throw new RangeError(
      `taint ${foreignKey.key} is not one of the bot's taint keys (${botTaintKeys.join(", ")})`,
    );
  }
  const kept = current.filter((t) => !bot.has(t.key) || desired.some((d) => same(d, t)));
  const removed = current.filter((t) => bot.has(t.key) && !desired.some((d) => same(d, t)));
  const added = desired.filter(
    (d, i) => !current.some((t) => same(d, t)) && desired.findIndex((x) => same(x, d)) === i,
  );
  return { next: [...kept, ...added], added, removed };
}
