// What every gate checks whatever the phase: capacity within the plan's budget, control-plane quorum, and
// the configured blockers (pods on the nodes in flight, firing alerts).
import { describe, expect, it } from "vitest";
import { evaluateGate, gateSettings } from "../../src/readiness/index.js";
import { cluster } from "../plan/build.js";
import { daemonPod, gateInput, healthy, PATCHED_KERNEL, pod, rollout, withNode } from "./fixtures.js";

const inPlace = rollout(cluster(3, 4), {
  strategy: "in-place",
  machines: { role: "all" },
  maxUnavailable: 1,
  target: { kernelVersion: PATCHED_KERNEL },
});
// master-1..3: 10.0.0.1-3; worker-1..4: 10.0.0.4-7. Phases: master-1, master-2, master-3, then workers.
const phaseFor = (machine: string, kind: "taint" | "untaint") =>
  inPlace.plan.phases.find((p) => p.kind === kind && p.machines.includes(machine))?.index ?? 0;
// Every node already reports the target kernel: these tests are about what else holds a gate.
const base = (() => {
  const s = healthy(inPlace.manifests[0] ?? cluster(3, 4));
  return { ...s, nodes: s.nodes.map((n) => ({ ...n, kernelVersion: PATCHED_KERNEL })) };
})();
const drainedTainted = (address: string) => (snapshot: typeof base) =>
  withNode(snapshot, address, (n) => ({
    ...n,
    unschedulable: true,
    cordonedByBot: true,
    taints: [...n.taints, inPlace.plan.taint],
  }));
const notReady = (address: string) => (snapshot: typeof base) =>
  withNode(snapshot, address, (n) => ({ ...n, ready: false, readyMessage: "KubeletNotReady" }));
const apply = (...changes: Array<(s: typeof base) => typeof base>) => changes.reduce((s, f) => f(s), base);

describe("capacity within the plan's budget", () => {
  it("holds a worker phase while another worker is out of service beyond maxUnavailable", () => {
    const index = phaseFor("worker-1", "taint");
    const snapshot = apply(drainedTainted("10.0.0.4"), notReady("10.0.0.6"));
    const verdict = evaluateGate(gateInput(inPlace, index, snapshot));
    expect(verdict.status).toBe("waiting");
    expect(verdict.unmet).toMatchInlineSnapshot(`
      [
        "workers: 2 in service (Ready, schedulable, untainted), at least 3 needed (4 at the start, maxUnavailable 1)",
      ]
    `);
    expect(evaluateGate(gateInput(inPlace, index, drainedTainted("10.0.0.4")(base))).status).toBe("pass");
  });

  it("counts a person's cordon and another tool's NotReady as out of service, not only the bot's taint", () => {
    const index = phaseFor("worker-1", "taint");
    const cordoned = withNode(drainedTainted("10.0.0.4")(base), "10.0.0.5", (n) => ({
      ...n,
      unschedulable: true,
    }));
    expect(evaluateGate(gateInput(inPlace, index, cordoned)).unmet).toEqual([
      "workers: 2 in service (Ready, schedulable, untainted), at least 3 needed (4 at the start, maxUnavailable 1)",
    ]);
  });
});

describe("control-plane quorum", () => {
  it("holds while a master other than the one in flight is down: etcd needs a majority", () => {
    const index = phaseFor("master-1", "taint");
    const snapshot = apply(drainedTainted("10.0.0.1"), notReady("10.0.0.2"));
    expect(evaluateGate(gateInput(inPlace, index, snapshot)).unmet).toMatchInlineSnapshot(`
      [
        "control plane: 1 of 3 in service, at least 2 needed for etcd quorum",
      ]
    `);
  });
});

describe("blocking pods on the nodes in flight", () => {
  const settings = gateSettings({
    blockingPodSelectors: [
      { matchLabels: { app: "backup" } },
      { matchExpressions: [{ key: "tier", operator: "In", values: ["db", "queue"] }] },
    ],
  });
  const index = phaseFor("worker-1", "taint");
  const withPods = (address: string, pods: ReturnType<typeof pod>[]) =>
    withNode(drainedTainted("10.0.0.4")(base), address, (n) => ({ ...n, pods }));

  it("any running pod matching a selector on a node in flight blocks, DaemonSet pods included", () => {
    const blocking = { ...daemonPod("backup-agent-x"), labels: { app: "backup" } };
    const snapshot = withPods("10.0.0.4", [blocking]);
    const verdict = evaluateGate(gateInput(inPlace, index, snapshot, { settings }));
    expect(verdict.unmet).toMatchInlineSnapshot(`
      [
        "kube-system/backup-agent-x on worker-1 (10.0.0.4) blocks the rollout (blocking pod selector app=backup)",
      ]
    `);
  });

  it("ignores finished pods and nodes not in flight, and says so when nothing blocks", () => {
    const done = pod("ops", "backup-1", { labels: { app: "backup" }, phase: "Succeeded", evictable: false });
    const elsewhere = withNode(withPods("10.0.0.4", [done]), "10.0.0.5", (n) => ({
      ...n,
      pods: [pod("data", "pg-0", { labels: { tier: "db" } })],
    }));
    const verdict = evaluateGate(gateInput(inPlace, index, elsewhere, { settings }));
    expect(verdict.status).toBe("pass");
    expect(verdict.conditions.at(-1)).toMatchInlineSnapshot(`
      {
        "ok": true,
        "text": "no blocking pods on the 1 node in flight",
      }
    `);
    const inFlight = withPods("10.0.0.4", [pod("data", "pg-0", { labels: { tier: "db" } })]);
    const waiting = evaluateGate(gateInput(inPlace, index, inFlight, { settings }));
    expect(waiting.unmet).toEqual([
      "data/pg-0 still on worker-1 (10.0.0.4): not evicted yet",
      "data/pg-0 on worker-1 (10.0.0.4) blocks the rollout (blocking pod selector tier in (db,queue))",
    ]);
    // The eviction still to come is progress; the blocking pod is what a person may have to act on.
    expect(waiting.blockers).toEqual([
      "data/pg-0 on worker-1 (10.0.0.4) blocks the rollout (blocking pod selector tier in (db,queue))",
    ]);
  });
});

describe("firing alerts", () => {
  const index = phaseFor("worker-1", "untaint");
  const back = base;
  const prometheus = (ignoreAlerts?: string) =>
    gateSettings({
      prometheus: { url: "http://127.0.0.1:9090", ...(ignoreAlerts === undefined ? {} : { ignoreAlerts }) },
    });

  it("any firing alert blocks, each named", () => {
    const alerts = [
      { name: "HighErrorRate", labels: { alertname: "HighErrorRate" }, activeAt: "2026-11-25T09:58:00Z" },
      { name: "KubePodCrashLooping", labels: { alertname: "KubePodCrashLooping" } },
    ];
    const verdict = evaluateGate(gateInput(inPlace, index, back, { settings: prometheus(), alerts }));
    expect(verdict.unmet).toMatchInlineSnapshot(`
      [
        "alert HighErrorRate is firing (since 2026-11-25T09:58:00Z)",
        "alert KubePodCrashLooping is firing",
      ]
    `);
    expect(verdict.blockers).toEqual(verdict.unmet);
  });

  it("alerts matching ignoreAlerts do not block (unanchored, as kured's --alert-filter-regexp)", () => {
    const alerts = [{ name: "Watchdog", labels: { alertname: "Watchdog" } }];
    const verdict = evaluateGate(gateInput(inPlace, index, back, { settings: prometheus("Watch"), alerts }));
    expect(verdict.status).toBe("pass");
    expect(verdict.conditions.at(-1)?.text).toBe("no firing alerts (1 ignored alert)");
  });

  it("alerts that could not be read block: the gate never passes on hope", () => {
    const verdict = evaluateGate(gateInput(inPlace, index, back, { settings: prometheus() }));
    expect(verdict.unmet).toEqual(["Prometheus alerts from http://127.0.0.1:9090 could not be read"]);
    const bad = evaluateGate(
      gateInput(inPlace, index, back, { settings: prometheus("(unclosed"), alerts: [] }),
    );
    expect(bad.unmet).toEqual(['ignoreAlerts "(unclosed" is not a valid regular expression']);
  });

  it("no Prometheus configured: alerts are not a condition", () => {
    const verdict = evaluateGate(gateInput(inPlace, index, back));
    expect(verdict.conditions.some((c) => c.text.includes("alert"))).toBe(false);
  });
});
