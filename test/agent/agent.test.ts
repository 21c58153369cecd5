// Agent mode end to end: the in-cluster agent (its own GitHub token, its ServiceAccount's Kubernetes token)
// against the GitHub stand-in and the simulated cluster. The App's only side here is the tracking issue and
// the phase merges; the agent does the taints and drains and publishes each gate verdict as a commit status on
// the default branch head, where the App reads it back.

import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { ClusterRole } from "kubernetes-models/rbac.authorization.k8s.io/v1";
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  type AgentReport,
  agentContext,
  readAgentStatus,
  runAgent,
  runAgentOnce,
} from "../../src/agent/index.js";
import { BOT_CORDON_ANNOTATION } from "../../src/cluster/index.js";
import { grantedAttributes, requestAttributes } from "./rbac.js";
import {
  AGENT_USER,
  type AgentWorld,
  BOT,
  MANIFEST_PATH,
  PATCHED,
  SILENT,
  startAgentWorld,
} from "./world.js";

const CONTEXT = agentContext("prod");
const MINUTE = 60_000;
const WORKER_0 = "ip-10-0-0-20";

let world: AgentWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

/** `readiness` settings (YAML flow mapping entries); the agent's login is always trusted. */
async function start(readiness: string): Promise<AgentWorld> {
  world = await startAgentWorld(`readiness: { agentLogins: [${AGENT_USER}], ${readiness} }\n`);
  return world;
}

function pass(w: AgentWorld): Promise<AgentReport> {
  return runAgentOnce(
    { github: w.github, cluster: w.cluster, now: () => w.sim.clock.now(), codec: w.codec, log: SILENT },
    { cluster: "prod", manifestPath: MANIFEST_PATH, botLogin: BOT },
  );
}

/** The statuses of the context on `sha`, oldest first, as `state: description`. */
async function history(w: AgentWorld, sha: string): Promise<string[]> {
  const repo = w.standIn.seed.repo("acme/cluster");
  return repo.statuses
    .filter((s) => s.sha === sha && s.context === CONTEXT)
    .sort((a, b) => a.id - b.id)
    .map((s) => `${s.state}: ${s.description ?? ""}`);
}

function splitRequest(line: string): [string, string] {
  const [method = "", path = ""] = line.split(" ");
  return [method, path];
}

const taintsOn = (w: AgentWorld, node: string) =>
  (w.sim.node(node)?.spec.taints ?? []).filter((t) => !t.key.startsWith("node.kubernetes.io/"));

describe("the agent, a taint phase at a time", () => {
  it("taints and drains the merged phase's Node, reports pending, then soaking, then success; repeats write nothing", async () => {
    const w = await start("soakMinutes: 2");
    const id = w.plan.id;
    const before = await pass(w);
    expect(before.notes).toEqual([`rollout #${w.issue}: no phase merged yet`]);
    expect(w.statusWrites()).toBe(0);

    // The unattended-upgrades + kured stand-in patches worker-0 once it is cordoned.
    w.sim.patchWhenDisrupted(WORKER_0, PATCHED);
    const head = await w.mergePhase(1);
    const first = await pass(w);
    expect(first.rollout).toEqual({ issue: w.issue, id, phase: 1, kind: "taint" });
    expect(taintsOn(w, WORKER_0)).toEqual([w.plan.taint]);
    expect(w.sim.node(WORKER_0)?.metadata.annotations?.[BOT_CORDON_ANNOTATION]).toBe("true");
    expect(first.status).toMatchObject({ context: CONTEXT, state: "pending" });
    expect(first.written).toBe(true);

    let last = first;
    for (let i = 0; i < 20 && last.status?.state !== "success"; i += 1) {
      w.sim.clock.advance(MINUTE);
      last = await pass(w);
    }
    const seen = await history(w, head);
    expect(seen[0]).toMatch(new RegExp(`^pending: ${id} phase 1/6: waiting: \\d+ unmet: `));
    expect(seen.at(-2)).toMatch(new RegExp(`^pending: ${id} phase 1/6: soaking since \\d{4}-`));
    expect(seen.at(-1)).toBe(`success: ${id} phase 1/6: passed: ${w.plan.phases[0]?.gate.description}`);
    expect(seen.every((s) => s.length <= 140 + "success: ".length)).toBe(true);
    // Every write said something new.
    expect(new Set(seen).size).toBe(seen.length);
    expect(w.sim.pods({ nodeName: WORKER_0, namespace: "shop" })).toEqual([]);

    // Settled: further passes read, and write nothing to GitHub or the cluster.
    const writes = w.statusWrites();
    w.clusterWrites.length = 0;
    for (let i = 0; i < 3; i += 1) {
      w.sim.clock.advance(MINUTE);
      expect((await pass(w)).written).toBe(false);
    }
    expect(w.statusWrites()).toBe(writes);
    expect(w.clusterWrites).toEqual([]);

    // The App's side: the verdict on the head of the default branch, for the phase it merged.
    const statuses = await w.github.commitStatuses("main");
    const phase1 = w.plan.phases[0];
    if (phase1 === undefined) throw new Error("no phase 1");
    expect(
      readAgentStatus(statuses, { plan: w.plan, phase: phase1, cluster: "prod", trusted: [AGENT_USER] }),
    ).toMatchObject({
      status: "pass",
      unmet: [],
    });
  });

  it("reports the untaint phase on the new head: taint off, uncordoned, success", async () => {
    const w = await start("soakMinutes: 0");
    w.sim.patchWhenDisrupted(WORKER_0, PATCHED);
    await w.mergePhase(1);
    for (let i = 0; i < 20 && (await pass(w)).status?.state !== "success"; i += 1)
      w.sim.clock.advance(MINUTE);
    const head = await w.mergePhase(2);
    const report = await pass(w);
    expect(report.rollout).toMatchObject({ phase: 2, kind: "untaint" });
    expect(taintsOn(w, WORKER_0)).toEqual([]);
    expect(w.sim.node(WORKER_0)?.spec.unschedulable ?? false).toBe(false);
    expect(await history(w, head)).toEqual([
      `success: ${w.plan.id} phase 2/6: passed: ${w.plan.phases[1]?.gate.description}`,
    ]);
    // Taint, cordon, drain, untaint, uncordon: the requests the agent made are exactly what its ClusterRole grants.
    const file = join(import.meta.dirname, "../../deploy/agent/clusterrole.yaml");
    const role = new ClusterRole(parse(await readFile(file, "utf8")));
    const used = [...new Set(w.clusterRequests.map((r) => requestAttributes(...splitRequest(r))))].sort();
    // `get` on Machines is granted alongside `list` (it reveals nothing more); the agent only lists them.
    expect(used).toEqual(
      grantedAttributes(role.rules ?? []).filter((g) => g !== "get cluster.x-k8s.io/machines"),
    );
  });

  it("fails the status once the gate times out, and says what is unmet", async () => {
    // Nothing patches worker-0: it drains, but never reports the target kernel.
    const w = await start("timeoutMinutes: 3, drainTimeoutMinutes: 2, soakMinutes: 0");
    const head = await w.mergePhase(1);
    let last = await pass(w);
    for (let i = 0; i < 10 && last.status?.state !== "failure"; i += 1) {
      w.sim.clock.advance(MINUTE);
      last = await pass(w);
    }
    expect(last.verdict?.status).toBe("timed-out");
    const seen = await history(w, head);
    expect(seen.at(-1)).toMatch(new RegExp(`^failure: ${w.plan.id} phase 1/6: timed out: 1 unmet: `));
    expect(seen.at(-1)).toContain("kernel");
    const phase1 = w.plan.phases[0];
    if (phase1 === undefined) throw new Error("no phase 1");
    expect(
      readAgentStatus(await w.github.commitStatuses("main"), {
        plan: w.plan,
        phase: phase1,
        cluster: "prod",
        trusted: [AGENT_USER],
      }),
    ).toMatchObject({ status: "timed-out" });
    const writes = w.statusWrites();
    w.sim.clock.advance(MINUTE);
    expect((await pass(w)).written).toBe(false);
    expect(w.statusWrites()).toBe(writes);
  });
});

describe("the taints the agent applies", () => {
  it("come from the Machine objects the reconciler applied: a merge not applied yet taints nothing", async () => {
    const w = await start("soakMinutes: 0");
    await w.mergePhase(1, { apply: false });
    const early = await pass(w);
    expect(taintsOn(w, WORKER_0)).toEqual([]);
    expect(early.status).toMatchObject({ state: "pending" });
    expect(early.notes).toContain(
      `Machine default/worker-0: the cluster still serves taints that differ from ${MANIFEST_PATH} at ${(await w.head()).slice(0, 7)} (the reconciler has not applied it yet); applying the served ones`,
    );
    await w.applyHead();
    const applied = await pass(w);
    expect(taintsOn(w, WORKER_0)).toEqual([w.plan.taint]);
    expect(applied.notes.filter((n) => n.startsWith("Machine "))).toEqual([]);
  });

  it("come from the manifest at the head when the cluster serves no Machine CRD, with a note saying so", async () => {
    world = await startAgentWorld(`readiness: { agentLogins: [${AGENT_USER}], soakMinutes: 0 }\n`, {
      machineCrd: false,
    });
    const w = world;
    const head = await w.mergePhase(1);
    const report = await pass(w);
    expect(taintsOn(w, WORKER_0)).toEqual([w.plan.taint]);
    expect(report.notes).toContain(
      `the cluster serves no Machine objects (no cluster.x-k8s.io/v1alpha3 CRD): taints read from ${MANIFEST_PATH} at ${head.slice(0, 7)}`,
    );
  });
});

describe("the agent's loop", () => {
  it("survives a failed pass (GitHub answering 502) and carries on at the next tick until stopped", async () => {
    const w = await start("soakMinutes: 0");
    w.sim.patchWhenDisrupted(WORKER_0, PATCHED);
    const head = await w.mergePhase(1);
    w.standIn.injectFault({ kind: "server-error", path: "/repos/{owner}/{repo}/issues", times: 1 });
    const outcomes: string[] = [];
    const stop = new AbortController();
    const errors: string[] = [];
    await runAgent(
      {
        github: w.github,
        cluster: w.cluster,
        now: () => w.sim.clock.now(),
        codec: w.codec,
        log: { ...SILENT, error: (_fields, message) => errors.push(message) },
      },
      { cluster: "prod", manifestPath: MANIFEST_PATH, botLogin: BOT },
      {
        intervalMs: MINUTE,
        // Simulated time: each tick moves the cluster's clock, no real waiting.
        sleep: async (ms) => w.sim.clock.advance(ms),
        signal: stop.signal,
        onPass: (outcome) => {
          outcomes.push("error" in outcome ? "error" : (outcome.report.status?.state ?? "none"));
          if (outcomes.at(-1) === "success") stop.abort();
        },
      },
    );
    expect(outcomes[0]).toBe("error");
    expect(errors).toEqual(["agent pass failed; retrying on the next tick"]);
    expect(outcomes.at(-1)).toBe("success");
    expect((await history(w, head)).at(-1)).toMatch(/^success: /);
  });
});
