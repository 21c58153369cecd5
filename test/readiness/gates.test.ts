// Each phase kind's gate, on hand-built snapshots: what it waits for, in the words the check run shows.
import { describe, expect, it } from "vitest";
import { evaluateGate } from "../../src/readiness/index.js";
import { cluster, newMachines } from "../plan/build.js";
import { daemonPod, gateInput, healthy, KERNEL, PATCHED_KERNEL, pod, rollout, withNode } from "./fixtures.js";

const replace = rollout(cluster(1, 2), {
  strategy: "replace",
  replacements: newMachines("new", 2),
  target: { kernelVersion: PATCHED_KERNEL },
});
// master-1 10.0.0.1, worker-1 10.0.0.2, worker-2 10.0.0.3; new-1 10.9.0.1, new-2 10.9.0.2.
const afterAdd = () => {
  const s = healthy(replace.manifests[1] ?? cluster(1, 2));
  return withNode(s, "10.9.0.1", (n) => ({ ...n, kernelVersion: PATCHED_KERNEL }));
};
const BOT_TAINT = replace.plan.taint;
// The rollout id is the planner's hash of its inputs: the texts here are about the words around it.
const anonymous = (text: string | undefined) => text?.replaceAll(replace.plan.id, "<rollout id>");

describe("add: the new machines' Nodes joined, Ready, schedulable, on the manifest's version and the target", () => {
  it("passes when every new Node is there and right", () => {
    const verdict = evaluateGate(gateInput(replace, 1, afterAdd()));
    expect(verdict.status).toBe("pass");
    expect(verdict.conditions).toMatchInlineSnapshot(`
      [
        {
          "ok": true,
          "text": "new-1 (10.9.0.1): Node ip-10-9-0-1 Ready, schedulable, kubelet v1.18.15, kernel 3.10.0-1160.el7.x86_64",
        },
        {
          "ok": true,
          "text": "workers: 3 in service (Ready, schedulable, untainted), at least 2 needed (2 at the start, maxUnavailable 0)",
        },
        {
          "ok": true,
          "text": "control plane: 1 of 1 in service, at least 1 needed for the WKS controller to update a master",
        },
      ]
    `);
    expect(verdict.summary).toMatchInlineSnapshot(
      `"Passed: 1 Node Ready and schedulable on kernel 3.10.0-1160.el7.x86_64."`,
    );
  });

  it("waits for a Node that has not joined", () => {
    const verdict = evaluateGate(
      gateInput(
        replace,
        1,
        withNode(afterAdd(), "10.9.0.1", () => undefined),
      ),
    );
    expect(verdict.status).toBe("waiting");
    expect(verdict.unmet).toMatchInlineSnapshot(`
      [
        "new-1 (10.9.0.1): no Node with this InternalIP has joined",
      ]
    `);
    expect(verdict.summary).toMatchInlineSnapshot(
      `"Waiting for 1 Node Ready and schedulable on kernel 3.10.0-1160.el7.x86_64: 1 condition unmet (1m of 30m)."`,
    );
  });

  it("names every way a joined Node falls short", () => {
    const snapshot = withNode(afterAdd(), "10.9.0.1", (n) => ({
      ...n,
      ready: false,
      readyMessage: "KubeletNotReady: container runtime network not ready",
      unschedulable: true,
      kubeletVersion: "v1.18.14",
      kernelVersion: KERNEL,
    }));
    expect(evaluateGate(gateInput(replace, 1, snapshot)).unmet).toMatchInlineSnapshot(`
      [
        "new-1 (10.9.0.1): NotReady (KubeletNotReady: container runtime network not ready)",
        "new-1 (10.9.0.1): cordoned by someone else (the bot never lifts a person's cordon)",
        "new-1 (10.9.0.1): kubelet v1.18.14, the manifest says 1.18.15",
        "new-1 (10.9.0.1): kernel 3.10.0-1127.el7.x86_64, target 3.10.0-1160.el7.x86_64",
      ]
    `);
  });

  it("accepts the manifest's version written without the kubelet's leading v", () => {
    expect(replace.manifests[1]?.machines.find((m) => m.name === "new-1")?.version).toBe("1.18.15");
    expect(evaluateGate(gateInput(replace, 1, afterAdd())).unmet).toEqual([]);
  });
});

describe("taint (replace): the Node carries the bot's taint and no evictable pod is left", () => {
  const tainted = (pods: ReturnType<typeof pod>[]) =>
    withNode(afterAdd(), "10.0.0.2", (n) => ({
      ...n,
      unschedulable: true,
      cordonedByBot: true,
      taints: [BOT_TAINT],
      pods,
    }));

  it("passes with only DaemonSet, mirror and finished pods left", () => {
    const snapshot = tainted([
      daemonPod("weave-net-x1"),
      pod("kube-system", "kube-proxy-x1", { ownerKind: "Node", evictable: false, skipReason: "mirror" }),
      pod("batch", "report-1", {
        ownerKind: "Job",
        phase: "Succeeded",
        evictable: false,
        skipReason: "terminal",
      }),
    ]);
    const verdict = evaluateGate(gateInput(replace, 2, snapshot));
    expect(verdict.status).toBe("pass");
    expect(anonymous(verdict.conditions[0]?.text)).toMatchInlineSnapshot(
      `"worker-1 (10.0.0.2): Node ip-10-0-0-2 tainted node-patch-bot.dev/patching=<rollout id>:NoSchedule and drained"`,
    );
  });

  it("waits for the taint before it looks at pods", () => {
    const snapshot = withNode(afterAdd(), "10.0.0.2", (n) => ({ ...n, pods: [pod("shop", "web-1")] }));
    expect(evaluateGate(gateInput(replace, 2, snapshot)).unmet.map(anonymous)).toMatchInlineSnapshot(`
      [
        "worker-1 (10.0.0.2): does not carry the taint node-patch-bot.dev/patching=<rollout id>:NoSchedule yet",
      ]
    `);
  });

  it("says what holds each pod still on the node", () => {
    const snapshot = {
      ...tainted([
        daemonPod("weave-net-x1"),
        pod("shop", "web-1", { budgets: ["web"] }),
        pod("shop", "cart-1", { terminating: true }),
        pod("shop", "api-1", { budgets: ["api", "everything"] }),
        pod("shop", "solo-1"),
      ]),
      podDisruptionBudgets: [
        budget("shop", "web", 0, 2, 2),
        budget("shop", "api", 1, 3, 2),
        budget("shop", "everything", 1, 9, 8),
      ],
    };
    expect(evaluateGate(gateInput(replace, 2, snapshot)).unmet).toMatchInlineSnapshot(`
      [
        "shop/web-1 still on worker-1 (10.0.0.2): blocked by PodDisruptionBudget shop/web (2 healthy, 2 needed)",
        "shop/cart-1 still on worker-1 (10.0.0.2): terminating",
        "shop/api-1 still on worker-1 (10.0.0.2): selected by more than one PodDisruptionBudget (shop/api, shop/everything): the Eviction API refuses it",
        "shop/solo-1 still on worker-1 (10.0.0.2): not evicted yet",
      ]
    `);
  });
});

describe("remove: the Node object is gone", () => {
  const removed = () => withNode(afterAdd(), "10.0.0.2", () => undefined);

  it("passes once the Node is deleted", () => {
    const input = gateInput(replace, 3, removed(), {
      previousManifest: replace.manifests[2] ?? cluster(1, 2),
    });
    const verdict = evaluateGate(input);
    expect(verdict.status).toBe("pass");
    expect(verdict.conditions[0]).toMatchInlineSnapshot(`
      {
        "ok": true,
        "text": "worker-1 (10.0.0.2): Node gone",
      }
    `);
  });

  it("finds the Node still registered by the removed machine's address", () => {
    const snapshot = withNode(afterAdd(), "10.0.0.2", (n) => ({
      ...n,
      taints: [BOT_TAINT],
      unschedulable: true,
    }));
    const input = gateInput(replace, 3, snapshot, {
      previousManifest: replace.manifests[2] ?? cluster(1, 2),
    });
    expect(evaluateGate(input).unmet).toMatchInlineSnapshot(`
      [
        "worker-1 (10.0.0.2): Node ip-10-0-0-2 is still registered",
      ]
    `);
  });

  it("without the manifest before the phase, finds it by this rollout's taint", () => {
    const snapshot = withNode(afterAdd(), "10.0.0.2", (n) => ({
      ...n,
      taints: [BOT_TAINT],
      unschedulable: true,
    }));
    const verdict = evaluateGate(gateInput(replace, 3, snapshot));
    expect(verdict.unmet).toMatchInlineSnapshot(`
      [
        "Node ip-10-0-0-2 (10.0.0.2) carries this rollout's taint and its machine left the manifest, but it is still registered",
      ]
    `);
    expect(evaluateGate(gateInput(replace, 3, removed())).status).toBe("pass");
  });

  it("refuses while the machine is still in the manifest it was given", () => {
    const input = { ...gateInput(replace, 3, removed()), manifest: replace.manifests[2] ?? cluster(1, 2) };
    expect(evaluateGate(input).unmet).toMatchInlineSnapshot(`
      [
        "worker-1 (10.0.0.2): still in the manifest on the default branch",
      ]
    `);
  });
});

function budget(
  namespace: string,
  name: string,
  disruptionsAllowed: number,
  currentHealthy: number,
  desiredHealthy: number,
) {
  return {
    namespace,
    name,
    disruptionsAllowed,
    currentHealthy,
    desiredHealthy,
    expectedPods: currentHealthy,
  };
}
