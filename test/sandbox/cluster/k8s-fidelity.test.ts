import { describe, expect, it } from "vitest";
import type { SimCluster } from "../../../src/sandbox/cluster/index.js";
import { MACHINES, MINUTE, readyCluster } from "./fixtures.js";
import { validateK8s } from "./k8s-schemas.js";

function validateEverything(sim: SimCluster): number {
  const objects = [...sim.nodes(), ...sim.pods(), ...sim.pdbs()];
  for (const object of objects) validateK8s(object);
  return objects.length;
}

describe("the simulated cluster's objects", () => {
  it("validate against Kubernetes' schemas in every state a rollout goes through", () => {
    const sim = readyCluster({ timings: { podTerminationMs: 30_000 } });
    sim.addPdb({
      namespace: "shop",
      name: "web",
      maxUnavailable: "34%",
      selector: { matchLabels: { app: "web" } },
    });
    sim.addPdb({
      namespace: "kube-system",
      name: "none",
      minAvailable: 1,
      selector: { matchExpressions: [{ key: "tier", operator: "In", values: ["x"] }] },
    });
    expect(validateEverything(sim)).toBeGreaterThan(15);

    // Provisioning (NotReady, not-ready taint), flapping, a kured reboot, a drain with terminating pods.
    sim.faults.flapping("10.0.0.22", 7_000);
    sim.reconcile([...MACHINES, { name: "worker-3", role: "worker", privateAddress: "10.0.0.23" }]);
    sim.clock.advance(100_000);
    validateEverything(sim);
    sim.api.patchNode("ip-10-0-0-21", "application/merge-patch+json", {
      spec: { unschedulable: true, taints: [{ key: "node-patch-bot.dev/patching", effect: "NoExecute" }] },
    });
    sim.patchNodeImage("ip-10-0-0-21", {
      osImage: "CentOS Linux 7 (Core)",
      kernelVersion: "3.10.0-1160.el7.x86_64",
    });
    sim.reconcile(MACHINES.filter((m) => m.name !== "worker-0"));
    sim.clock.advance(1_000);
    expect(sim.pods().some((p) => p.metadata.deletionTimestamp !== undefined)).toBe(true);
    validateEverything(sim);
    sim.clock.advance(10 * MINUTE);
    validateEverything(sim);
  });
});
