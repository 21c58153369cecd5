// The in-place gates: taint waits for the patch (drained, Ready again on the target), untaint for the Node
// back in service.
import { describe, expect, it } from "vitest";
import { evaluateGate, KURED_REBOOT_IN_PROGRESS } from "../../src/readiness/index.js";
import { cluster } from "../plan/build.js";
import {
  gateInput,
  healthy,
  KERNEL,
  type node,
  PATCHED_KERNEL,
  pod,
  rollout,
  T0,
  withNode,
} from "./fixtures.js";

describe("in place: taint waits for the patch, untaint for the Node back in service", () => {
  const inPlace = rollout(cluster(3, 3), {
    strategy: "in-place",
    machines: { role: "worker" },
    maxUnavailable: 1,
    target: { kernelVersion: PATCHED_KERNEL },
  });
  // worker-1 is 10.0.0.4.
  const patched = (fields: Partial<ReturnType<typeof node>>) =>
    withNode(healthy(inPlace.manifests[0] ?? cluster(3, 3)), "10.0.0.4", (n) => ({
      ...n,
      unschedulable: true,
      cordonedByBot: true,
      taints: [inPlace.plan.taint],
      kernelVersion: PATCHED_KERNEL,
      ...fields,
    }));

  it("plans taint (gate: patched) then untaint (gate: ready)", () => {
    expect(
      inPlace.plan.phases.slice(0, 2).map((p) => `${p.kind} ${p.machines.join(",")} ${p.gate.kind}`),
    ).toEqual(["taint worker-1 patched", "untaint worker-1 ready"]);
  });

  it("taint: passes when drained, Ready again and on the target kernel, cordon and taint still on", () => {
    const verdict = evaluateGate(gateInput(inPlace, 1, patched({})));
    expect(verdict.status).toBe("pass");
    expect(verdict.conditions).toMatchInlineSnapshot(`
      [
        {
          "ok": true,
          "text": "worker-1 (10.0.0.4): Node ip-10-0-0-4 tainted, drained, Ready, kernel 3.10.0-1160.el7.x86_64",
        },
        {
          "ok": true,
          "text": "workers: 2 in service (Ready, schedulable, untainted), at least 2 needed (3 at the start, maxUnavailable 1)",
        },
        {
          "ok": true,
          "text": "control plane: 3 of 3 in service, at least 2 needed for etcd quorum",
        },
      ]
    `);
  });

  it("taint: waits through kured's reboot and for the target kernel", () => {
    const snapshot = patched({
      ready: false,
      readyMessage: "NodeStatusUnknown: Kubelet stopped posting node status.",
      kernelVersion: KERNEL,
      annotations: { [KURED_REBOOT_IN_PROGRESS]: new Date(T0).toISOString() },
      pods: [pod("shop", "web-2")],
    });
    expect(evaluateGate(gateInput(inPlace, 1, snapshot)).unmet).toMatchInlineSnapshot(`
      [
        "worker-1 (10.0.0.4): NotReady (NodeStatusUnknown: Kubelet stopped posting node status.)",
        "worker-1 (10.0.0.4): kured reboot in progress (since 2026-11-25T10:00:00.000Z)",
        "worker-1 (10.0.0.4): kernel 3.10.0-1127.el7.x86_64, target 3.10.0-1160.el7.x86_64",
        "shop/web-2 still on worker-1 (10.0.0.4): not evicted yet",
      ]
    `);
  });

  it("untaint: waits for the bot's taint and cordon to come off", () => {
    const unmet = evaluateGate(gateInput(inPlace, 2, patched({}))).unmet;
    expect(unmet.map((u) => u.replaceAll(inPlace.plan.id, "<rollout id>"))).toMatchInlineSnapshot(`
      [
        "worker-1 (10.0.0.4): still carries the taint node-patch-bot.dev/patching=<rollout id>:NoSchedule",
        "worker-1 (10.0.0.4): cordoned by the bot",
      ]
    `);
  });

  it("untaint: a person's cordon holds the gate, and is named as theirs", () => {
    const snapshot = patched({ taints: [], cordonedByBot: false });
    expect(evaluateGate(gateInput(inPlace, 2, snapshot)).unmet).toMatchInlineSnapshot(`
      [
        "worker-1 (10.0.0.4): cordoned by someone else (the bot never lifts a person's cordon)",
      ]
    `);
  });

  it("untaint: passes back in service on the target; a kernel that went back fails it", () => {
    const back = patched({ taints: [], unschedulable: false, cordonedByBot: false });
    expect(evaluateGate(gateInput(inPlace, 2, back)).status).toBe("pass");
    const rolledBack = patched({
      taints: [],
      unschedulable: false,
      cordonedByBot: false,
      kernelVersion: KERNEL,
    });
    expect(evaluateGate(gateInput(inPlace, 2, rolledBack)).unmet).toMatchInlineSnapshot(`
      [
        "worker-1 (10.0.0.4): kernel 3.10.0-1127.el7.x86_64, target 3.10.0-1160.el7.x86_64",
      ]
    `);
  });
});
