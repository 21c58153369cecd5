// Direct-mode actuation through the real client against the simulated cluster: one bounded step per call,
// idempotent, touching only the phase's Nodes and only the bot's taint and cordon.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { actuatePhase } from "../../src/cluster/actuate.js";
import {
  BOT_CORDON_ANNOTATION,
  type ClusterPort,
  createKubernetesClusterPort,
  loadKubeConfig,
  type Time,
} from "../../src/cluster/index.js";
import {
  type Json,
  type SimApiServer,
  type SimCluster,
  startSimApiServer,
} from "../../src/sandbox/cluster/index.js";
import { manifestOf } from "../plan/build.js";
import { phaseOf, type Rollout, rollout } from "../readiness/fixtures.js";
import { readyCluster } from "../sandbox/cluster/fixtures.js";

const TOKEN = "sandbox-token";
const PERSON_TAINT = { key: "example.com/maintenance", value: "disk", effect: "NoSchedule" } as const;
// The simulated cluster's machines (test/sandbox/cluster/fixtures.ts) as a Machines manifest.
const MANIFEST = manifestOf({
  "master-0": { role: "control-plane", address: "10.0.0.10" },
  "worker-0": { address: "10.0.0.20" },
  "worker-1": { address: "10.0.0.21" },
  "worker-2": { address: "10.0.0.22" },
});
const IN_PLACE: Rollout = rollout(MANIFEST, {
  strategy: "in-place",
  machines: { role: "worker" },
  maxUnavailable: 1,
  target: { kernelVersion: "3.10.0-1160.el7.x86_64" },
});
// Phase 1 taints worker-0 (ip-10-0-0-20), phase 2 untaints it.
const TAINT = phaseOf(IN_PLACE.plan, 1);
const UNTAINT = phaseOf(IN_PLACE.plan, 2);
const BOT_TAINT = IN_PLACE.plan.taint;

let sim: SimCluster;
let server: SimApiServer;
let port: ClusterPort;
let time: Time;
let writes: string[];

beforeEach(async () => {
  sim = readyCluster();
  writes = [];
  server = await startSimApiServer(sim, {
    token: TOKEN,
    onResponse: (r) => {
      if (r.method !== "GET") writes.push(`${r.method} ${r.path} ${r.code}`);
    },
  });
  time = { now: () => sim.clock.now(), sleep: (ms) => sim.clock.sleep(ms) };
  port = createKubernetesClusterPort({
    config: loadKubeConfig({ kind: "token", server: server.url, token: TOKEN, skipTLSVerify: true }),
    time,
  });
});

afterEach(async () => {
  await server.close();
});

const person = (node: string, patch: Json) => sim.api.patchNode(node, "application/merge-patch+json", patch);
// Kubernetes mirrors a cordon as the node.kubernetes.io/unschedulable taint: the tests look past those.
const taintsOn = (node: string) =>
  (sim.node(node)?.spec.taints ?? []).filter((t) => !t.key.startsWith("node.kubernetes.io/"));
const webPodOn = (node: string) => sim.pods({ nodeName: node, namespace: "shop" })[0]?.metadata.name;

async function actuate(index: number) {
  const phase = phaseOf(IN_PLACE.plan, index);
  const manifest = IN_PLACE.manifests[index] ?? MANIFEST;
  return actuatePhase(
    port,
    { plan: IN_PLACE.plan, phase, manifest, snapshot: await port.snapshot() },
    { time },
  );
}

describe("taint phase", () => {
  it("applies the recorded taint, cordons and drains in bounded rounds, then writes nothing more", async () => {
    expect(TAINT).toMatchObject({ kind: "taint", machines: ["worker-0"] });
    expect(IN_PLACE.manifests[1]?.machines.find((m) => m.name === "worker-0")?.taints).toEqual([BOT_TAINT]);
    const others = ["ip-10-0-0-10", "ip-10-0-0-21", "ip-10-0-0-22"].map((n) =>
      JSON.stringify(sim.node(n)?.spec),
    );
    const web = webPodOn("ip-10-0-0-20");

    const first = await actuate(1);
    expect(first.settled).toBe(false);
    expect(first.lines).toEqual([
      `worker-0 (ip-10-0-0-20): tainted ${BOT_TAINT.key}=${BOT_TAINT.value}:NoSchedule`,
      "worker-0 (ip-10-0-0-20): cordoned",
      `worker-0 (ip-10-0-0-20): evicted shop/${web}`,
      `worker-0 (ip-10-0-0-20): waiting for shop/${web} to leave`,
      "worker-0 (ip-10-0-0-20): drain continues on the next tick",
    ]);
    // One round: bounded by drainRoundMs (1 s by default), however long the pod takes to terminate.
    expect(first.machines[0]?.drain?.elapsedMs).toBeLessThanOrEqual(1_000);
    expect(taintsOn("ip-10-0-0-20")).toEqual([BOT_TAINT]);
    expect(sim.node("ip-10-0-0-20")?.metadata.annotations?.[BOT_CORDON_ANNOTATION]).toBe("true");

    sim.clock.advance(10_000);
    const second = await actuate(1);
    expect(second.settled).toBe(true);
    expect(second.lines).toEqual([
      `worker-0 (ip-10-0-0-20): already tainted ${BOT_TAINT.key}=${BOT_TAINT.value}:NoSchedule`,
      "worker-0 (ip-10-0-0-20): already drained",
    ]);

    writes.length = 0;
    const third = await actuate(1);
    expect(third.settled).toBe(true);
    expect(writes).toEqual([]);
    // Never a Node outside the phase.
    expect(
      ["ip-10-0-0-10", "ip-10-0-0-21", "ip-10-0-0-22"].map((n) => JSON.stringify(sim.node(n)?.spec)),
    ).toEqual(others);
  });

  it("reports an eviction a budget refuses without waiting for it, and evicts it on a later call", async () => {
    sim.addPdb({
      namespace: "shop",
      name: "web",
      minAvailable: 2,
      selector: { matchLabels: { app: "web" } },
    });
    sim.faults.pdbNeverAllows("shop", "web");
    const web = webPodOn("ip-10-0-0-20");

    const blocked = await actuate(1);
    expect(blocked.settled).toBe(false);
    expect(blocked.lines.slice(2)).toEqual([
      `worker-0 (ip-10-0-0-20): eviction of shop/${web} refused by PodDisruptionBudget shop/web: The disruption budget web needs 2 healthy pods and has 3 currently`,
      "worker-0 (ip-10-0-0-20): drain continues on the next tick",
    ]);
    expect(blocked.machines[0]?.drain?.elapsedMs).toBeLessThanOrEqual(1_000);

    sim.faults.pdbNeverAllows("shop", "web", false);
    const released = await actuate(1);
    expect(released.lines).toContain(`worker-0 (ip-10-0-0-20): evicted shop/${web}`);
    sim.clock.advance(10_000);
    expect((await actuate(1)).settled).toBe(true);
  });

  it("keeps a person's cordon: drained under it, and still cordoned after the untaint", async () => {
    person("ip-10-0-0-20", { spec: { unschedulable: true } });
    const tainted = await actuate(1);
    expect(tainted.lines).toContain(
      "worker-0 (ip-10-0-0-20): already cordoned by someone else: the bot will leave that cordon in place",
    );
    sim.clock.advance(10_000);
    expect((await actuate(1)).settled).toBe(true);

    const untainted = await actuate(2);
    expect(untainted.lines).toEqual([
      `worker-0 (ip-10-0-0-20): removed the bot's taint ${BOT_TAINT.key}=${BOT_TAINT.value}:NoSchedule`,
      "worker-0 (ip-10-0-0-20): kept the cordon someone else set: a person must uncordon it",
    ]);
    expect(sim.node("ip-10-0-0-20")?.spec.unschedulable).toBe(true);
    expect(taintsOn("ip-10-0-0-20")).toEqual([]);
  });
});

describe("untaint phase", () => {
  it("removes only the bot's taint, lifts only the bot's cordon, and is idempotent", async () => {
    person("ip-10-0-0-20", { spec: { taints: [PERSON_TAINT] } });
    await actuate(1);
    expect(taintsOn("ip-10-0-0-20")).toEqual([PERSON_TAINT, BOT_TAINT]);

    expect(UNTAINT).toMatchObject({ kind: "untaint", machines: ["worker-0"] });
    const untainted = await actuate(2);
    expect(untainted).toMatchObject({ phase: 2, kind: "untaint", settled: true });
    expect(untainted.lines).toEqual([
      `worker-0 (ip-10-0-0-20): removed the bot's taint ${BOT_TAINT.key}=${BOT_TAINT.value}:NoSchedule`,
      "worker-0 (ip-10-0-0-20): uncordoned",
    ]);
    const node = sim.node("ip-10-0-0-20");
    expect(node?.spec.taints).toEqual([PERSON_TAINT]);
    expect(node?.spec.unschedulable).toBeUndefined();
    expect(node?.metadata.annotations?.[BOT_CORDON_ANNOTATION]).toBeUndefined();

    writes.length = 0;
    expect((await actuate(2)).lines).toEqual([
      "worker-0 (ip-10-0-0-20): the bot's taint is already off",
      "worker-0 (ip-10-0-0-20): schedulable",
    ]);
    expect(writes).toEqual([]);
  });
});

describe("what actuation leaves alone", () => {
  it("add and remove phases: nothing, the WKS controller acts", async () => {
    const replace = rollout(MANIFEST, {
      strategy: "replace",
      machines: { names: ["worker-2"] },
      replacements: [{ name: "worker-3", privateAddress: "10.0.0.23" }],
    });
    const kinds = replace.plan.phases.map((p) => p.kind);
    expect(kinds).toEqual(["add", "taint", "remove"]);
    for (const index of [1, 3]) {
      const phase = phaseOf(replace.plan, index);
      const manifest = replace.manifests[index] ?? MANIFEST;
      const report = await actuatePhase(port, {
        plan: replace.plan,
        phase,
        manifest,
        snapshot: await port.snapshot(),
      });
      expect(report.settled).toBe(true);
      expect(report.lines).toEqual([
        `${phase.machines[0]}: nothing to do: the WKS controller ${index === 1 ? "joins" : "removes"} the machine`,
      ]);
    }
    expect(writes).toEqual([]);
  });

  it("a machine without a Node yet is reported, not guessed at", async () => {
    const snapshot = await port.snapshot();
    const without = { ...snapshot, nodes: snapshot.nodes.filter((n) => n.internalIP !== "10.0.0.20") };
    const report = await actuatePhase(port, {
      plan: IN_PLACE.plan,
      phase: TAINT,
      manifest: IN_PLACE.manifests[1] ?? MANIFEST,
      snapshot: without,
    });
    expect(report).toMatchObject({
      settled: false,
      lines: ["worker-0: no Node with InternalIP 10.0.0.20: nothing done"],
    });
    expect(writes).toEqual([]);
  });

  it("a manifest that records no bot taint for the machine: no taint, no drain", async () => {
    const report = await actuatePhase(port, {
      plan: IN_PLACE.plan,
      phase: TAINT,
      manifest: MANIFEST,
      snapshot: await port.snapshot(),
    });
    expect(report.lines).toEqual([
      `worker-0 (ip-10-0-0-20): the manifest records no ${BOT_TAINT.key} taint for it: not tainted, not drained`,
    ]);
    expect(writes).toEqual([]);
  });
});
