import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type NodeTaint, planBotTaints, type Taint } from "../../src/cluster/index.js";

const BOT_KEYS = ["node-patch-bot.dev/patching", "node-patch-bot.dev/retiring"];
const effect = fc.constantFrom("NoSchedule" as const, "PreferNoSchedule" as const, "NoExecute" as const);
const value = fc.option(fc.constantFrom("a", "b", "wave-1"), { nil: undefined });
const taint = (keys: fc.Arbitrary<string>) =>
  fc
    .record({ key: keys, value, effect })
    .map((t): Taint => (t.value === undefined ? { key: t.key, effect: t.effect } : { ...t, value: t.value }));
const anyKey = fc.constantFrom(
  ...BOT_KEYS,
  "node-role.kubernetes.io/master",
  "example.com/maintenance",
  "node.kubernetes.io/unschedulable",
);
const same = (a: NodeTaint, b: NodeTaint) =>
  a.key === b.key && a.effect === b.effect && (a.value ?? "") === (b.value ?? "");
const botKey = fc.constantFrom(...BOT_KEYS);

describe("planBotTaints", () => {
  it("leaves every taint with a foreign key exactly as it was, in order", () => {
    fc.assert(
      fc.property(fc.array(taint(anyKey)), fc.array(taint(botKey)), (current, desired) => {
        const { next } = planBotTaints(current, desired, BOT_KEYS);
        const foreign = (ts: readonly NodeTaint[]) => ts.filter((t) => !BOT_KEYS.includes(t.key));
        expect(foreign(next)).toEqual(foreign(current));
      }),
    );
  });

  it("makes the bot's taints on the node exactly the desired ones, and is idempotent", () => {
    fc.assert(
      fc.property(fc.array(taint(anyKey)), fc.array(taint(botKey)), (current, desired) => {
        const first = planBotTaints(current, desired, BOT_KEYS);
        const bots = first.next.filter((t) => BOT_KEYS.includes(t.key));
        expect(bots.every((t) => desired.some((d) => same(d, t)))).toBe(true);
        expect(desired.every((d) => bots.some((t) => same(d, t)))).toBe(true);
        const again = planBotTaints(first.next, desired, BOT_KEYS);
        expect(again.added).toEqual([]);
        expect(again.removed).toEqual([]);
      }),
    );
  });
});
