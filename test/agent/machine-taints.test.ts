// Which taints the agent applies: the ones on the Machine objects the reconciler applied, matched to the
// head's machines by name (and namespace when the manifest names one); a Machine not applied yet, ambiguous
// or with an unreadable annotation gets no taint, each said in plain words.
import { describe, expect, it } from "vitest";
import { withServedTaints } from "../../src/agent/index.js";
import type { MachineView } from "../../src/cluster/index.js";
import { manifestOf } from "../plan/build.js";

const KEY = "node-patch-bot.dev/taints";
const BOT = { key: "node-patch-bot.dev/patching", value: "r1", effect: "NoSchedule" } as const;
const head = manifestOf({
  "master-0": { role: "control-plane", address: "10.0.0.10" },
  "worker-0": { address: "10.0.0.20", taints: [BOT] },
  "worker-1": { address: "10.0.0.21" },
});
const served = (
  name: string,
  annotations: Record<string, string> = {},
  namespace = "default",
): MachineView => ({
  namespace,
  name,
  annotations,
});
const taintsOf = (machines: readonly { name: string; taints: readonly unknown[] }[]) =>
  Object.fromEntries(machines.map((m) => [m.name, m.taints]));

describe("withServedTaints", () => {
  it("takes each machine's taints from its served Machine, silently when they agree with the head", () => {
    const result = withServedTaints(
      head,
      [served("master-0"), served("worker-0", { [KEY]: JSON.stringify([BOT]) }), served("worker-1")],
      "setup/machines.yaml at abc1234",
    );
    expect(taintsOf(result.manifest.machines)).toEqual({ "master-0": [], "worker-0": [BOT], "worker-1": [] });
    expect(result.notes).toEqual([]);
  });

  it("applies what is served, not what the head says, until the reconciler catches up", () => {
    const untaintNotApplied = withServedTaints(
      manifestOf({
        "master-0": { role: "control-plane", address: "10.0.0.10" },
        "worker-0": { address: "10.0.0.20" },
      }),
      [served("worker-0", { [KEY]: JSON.stringify([BOT]) })],
      "head",
    );
    expect(taintsOf(untaintNotApplied.manifest.machines)).toEqual({ "master-0": [], "worker-0": [BOT] });
    const notYet = withServedTaints(head, [served("master-0"), served("worker-1")], "head");
    expect(taintsOf(notYet.manifest.machines)["worker-0"]).toEqual([]);
    expect([...untaintNotApplied.notes, ...notYet.notes]).toMatchInlineSnapshot(`
      [
        "Machine default/worker-0: the cluster still serves taints that differ from head (the reconciler has not applied it yet); applying the served ones",
        "Machine worker-0: not applied to the cluster yet (head); applying no taint to it",
      ]
    `);
  });

  it("applies no taint from an unreadable annotation or a name served in several namespaces", () => {
    const result = withServedTaints(
      head,
      [
        served("worker-0", { [KEY]: "[{" }),
        served("worker-1", { [KEY]: '[{"key":"x"}]' }, "a"),
        served("worker-1", {}, "b"),
      ],
      "head",
    );
    expect(taintsOf(result.manifest.machines)).toEqual({ "master-0": [], "worker-0": [], "worker-1": [] });
    expect(result.notes).toMatchInlineSnapshot(`
      [
        "Machine default/worker-0: the taint annotation is not valid JSON; applying no taint to it",
        "Machine worker-1: served in several namespaces and the manifest names none; applying no taint to it",
      ]
    `);
  });
});
