// Gates and direct-mode actuation together against the simulated cluster, through the real client: each
// tick snapshots the cluster, actuates the last merged phase, evaluates its gate, and merges the next phase
// (reconciling the simulated WKS controller with the manifest after it) only once the gate passes.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { actuatePhase } from "../../src/cluster/actuate.js";
import {
  type ClusterPort,
  createKubernetesClusterPort,
  loadKubeConfig,
  type Time,
} from "../../src/cluster/index.js";
import { serializeManifest } from "../../src/manifest/index.js";
import {
  evaluateGate,
  type GateSettings,
  type GateVerdict,
  gateSettings,
} from "../../src/readiness/index.js";
import { type SimApiServer, type SimCluster, startSimApiServer } from "../../src/sandbox/cluster/index.js";
import { manifestOf } from "../plan/build.js";
import { readyCluster } from "../sandbox/cluster/fixtures.js";
import { phaseOf, type Rollout, rollout } from "./fixtures.js";

const TOKEN = "sandbox-token";
const TICK = 30_000;
const PATCHED = { osImage: "CentOS Linux 7 (Core)", kernelVersion: "3.10.0-1160.el7.x86_64" };
const MACHINES = [
  { name: "master-0", role: "control-plane" as const, privateAddress: "10.0.0.10", version: "1.18.15" },
  { name: "worker-0", role: "worker" as const, privateAddress: "10.0.0.20", version: "1.18.15" },
  { name: "worker-1", role: "worker" as const, privateAddress: "10.0.0.21", version: "1.18.15" },
  { name: "worker-2", role: "worker" as const, privateAddress: "10.0.0.22", version: "1.18.15" },
];
const MANIFEST = manifestOf({
  "master-0": { role: "control-plane", address: "10.0.0.10" },
  "worker-0": { address: "10.0.0.20" },
  "worker-1": { address: "10.0.0.21" },
  "worker-2": { address: "10.0.0.22" },
});

let sim: SimCluster;
let server: SimApiServer;
let port: ClusterPort;
let time: Time;

beforeEach(async () => {
  sim = readyCluster({}, MACHINES);
  sim.addPdb({ namespace: "shop", name: "web", minAvailable: 2, selector: { matchLabels: { app: "web" } } });
  server = await startSimApiServer(sim, { token: TOKEN });
  time = { now: () => sim.clock.now(), sleep: (ms) => sim.clock.sleep(ms) };
  port = createKubernetesClusterPort({
    config: loadKubeConfig({ kind: "token", server: server.url, token: TOKEN, skipTLSVerify: true }),
    time,
  });
});

afterEach(async () => {
  await server.close();
});

interface Outcome {
  /** Per phase: its title, the final status and how many ticks it took. */
  phases: string[];
  last: GateVerdict | undefined;
  /** Workers in service at each tick (Ready, schedulable, without the bot's taint). */
  inService: number[];
}

async function drive(r: Rollout, settings: GateSettings, maxTicks = 200): Promise<Outcome> {
  const outcome: Outcome = { phases: [], last: undefined, inService: [] };
  const merge = (index: number) => {
    const manifest = r.manifests[index];
    if (manifest === undefined) throw new Error(`no manifest after phase ${index}`);
    const reconciled = sim.reconcileManifestText(serializeManifest(manifest));
    if (!reconciled.ok) throw new Error("the simulated controller refused the manifest");
  };
  let merged = 1;
  let startedAt = sim.clock.now();
  let firstPassedAt: number | undefined;
  let ticks = 0;
  merge(1);
  for (let tick = 0; tick < maxTicks; tick++) {
    ticks++;
    const phase = phaseOf(r.plan, merged);
    const manifest = r.manifests[merged] ?? MANIFEST;
    await actuatePhase(port, { plan: r.plan, phase, manifest, snapshot: await port.snapshot() }, { time });
    const snapshot = await port.snapshot();
    outcome.inService.push(
      snapshot.nodes.filter(
        (n) =>
          !n.controlPlane && n.ready && !n.unschedulable && !n.taints.some((t) => t.key === r.plan.taint.key),
      ).length,
    );
    const verdict = evaluateGate({
      plan: r.plan,
      phase,
      manifest,
      previousManifest: r.manifests[merged - 1] ?? MANIFEST,
      snapshot,
      now: sim.clock.now(),
      startedAt,
      ...(firstPassedAt === undefined ? {} : { firstPassedAt }),
      settings,
    });
    outcome.last = verdict;
    firstPassedAt = verdict.firstPassedAt;
    if (verdict.status === "timed-out") {
      outcome.phases.push(`${phase.index} ${phase.kind} ${phase.machines.join(",")}: timed-out`);
      return outcome;
    }
    if (verdict.status === "pass") {
      outcome.phases.push(
        `${phase.index} ${phase.kind} ${phase.machines.join(",")}: pass after ${ticks} ticks`,
      );
      ticks = 0;
      if (merged === r.plan.phases.length) return outcome;
      merged++;
      merge(merged);
      startedAt = sim.clock.now();
      firstPassedAt = undefined;
      continue;
    }
    sim.clock.advance(TICK);
  }
  throw new Error(`not done after ${maxTicks} ticks: ${outcome.last?.summary}`);
}

describe("a rollout driven by its gates", () => {
  it("in place: every worker drained, patched by kured and back, never more than maxUnavailable out", async () => {
    for (const m of MACHINES.slice(1))
      sim.patchWhenDisrupted(`ip-${m.privateAddress.replaceAll(".", "-")}`, PATCHED);
    const r = rollout(MANIFEST, {
      strategy: "in-place",
      machines: { role: "worker" },
      maxUnavailable: 1,
      target: { kernelVersion: PATCHED.kernelVersion },
    });
    const outcome = await drive(r, gateSettings({ soakMinutes: 1 }));
    expect(outcome.phases.map((p) => p.replace(/after \d+ ticks/, "passed"))).toEqual([
      "1 taint worker-0: pass passed",
      "2 untaint worker-0: pass passed",
      "3 taint worker-1: pass passed",
      "4 untaint worker-1: pass passed",
      "5 taint worker-2: pass passed",
      "6 untaint worker-2: pass passed",
    ]);
    expect(Math.min(...outcome.inService)).toBeGreaterThanOrEqual(2);
    const snapshot = await port.snapshot();
    for (const node of snapshot.nodes.filter((n) => !n.controlPlane)) {
      expect(node).toMatchObject({ ready: true, unschedulable: false, kernelVersion: PATCHED.kernelVersion });
      expect(node.taints.filter((t) => t.key === r.plan.taint.key)).toEqual([]);
    }
  });

  it("replace: the new machine joins, the old one is drained, removed, and its Node is gone", async () => {
    sim.setImage("10.0.0.23", PATCHED);
    const r = rollout(MANIFEST, {
      strategy: "replace",
      machines: { names: ["worker-2"] },
      replacements: [{ name: "worker-3", privateAddress: "10.0.0.23" }],
      target: { kernelVersion: PATCHED.kernelVersion },
    });
    const outcome = await drive(r, gateSettings());
    expect(outcome.phases.map((p) => p.replace(/after \d+ ticks/, "passed"))).toEqual([
      "1 add worker-3: pass passed",
      "2 taint worker-2: pass passed",
      "3 remove worker-2: pass passed",
    ]);
    const snapshot = await port.snapshot();
    expect(snapshot.nodes.map((n) => n.internalIP).sort()).toEqual([
      "10.0.0.10",
      "10.0.0.20",
      "10.0.0.21",
      "10.0.0.23",
    ]);
    expect(outcome.last?.conditions[0]?.text).toBe("worker-2 (10.0.0.22): Node gone");
  });

  it("a budget that never allows the eviction holds the drain until the timeout, naming pod and budget", async () => {
    sim.faults.pdbNeverAllows("shop", "web");
    const r = rollout(MANIFEST, {
      strategy: "in-place",
      machines: { names: ["worker-0"] },
      maxUnavailable: 1,
      target: { kernelVersion: PATCHED.kernelVersion },
    });
    const outcome = await drive(r, gateSettings({ drainTimeoutMinutes: 10, timeoutMinutes: 10 }));
    expect(outcome.phases).toEqual(["1 taint worker-0: timed-out"]);
    const held = sim.pods({ nodeName: "ip-10-0-0-20", namespace: "shop" })[0]?.metadata.name;
    expect(outcome.last?.unmet).toEqual([
      "worker-0 (10.0.0.20): kernel 3.10.0-1127.el7.x86_64, target 3.10.0-1160.el7.x86_64",
      `shop/${held} still on worker-0 (10.0.0.20): blocked by PodDisruptionBudget shop/web (3 healthy, 2 needed)`,
    ]);
    expect(outcome.last?.summary).toMatch(/^Timed out after 20m waiting for 1 Node drained/);
  });
});
