// A small world for the agent: the GitHub stand-in holding a cluster repository with a rollout's tracking
// issue (the plan from the real planner, its dashboard written as the App writes it), the simulated WKS
// cluster behind its API server, and the agent's two ports. Phases are merged by hand, and the cluster follows
// the default branch head as the GitOps reconciler does.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type ClusterPort,
  createKubernetesClusterPort,
  loadKubeConfig,
  type Time,
} from "../../src/cluster/index.js";
import { createOctokitPort } from "../../src/github/octokit-port.js";
import type { GitHubPort } from "../../src/github/port.js";
import { type Plan, preparePlan } from "../../src/plan/index.js";
import { createStateCodec, DASHBOARD_MARKER, type StateCodec } from "../../src/rollout/state-codec.js";
import type { RolloutState } from "../../src/rollout/types.js";
import {
  createSimCluster,
  type SimApiServer,
  type SimCluster,
  startSimApiServer,
} from "../../src/sandbox/cluster/index.js";
import { createGitHubStandIn, type GitHubStandIn } from "../../src/sandbox/github/index.js";
import type { Logger } from "../../src/service/deps.js";
import { manifestYaml } from "../plan/build.js";
import { octokit } from "../sandbox/github/helpers.js";

export const REPO = "acme/cluster";
export const MANIFEST_PATH = "setup/machines.yaml";
export const BOT = "node-patch-bot[bot]";
export const AGENT_USER = "cluster-agent";
export const PATCHED = { osImage: "CentOS Linux 7 (Core)", kernelVersion: "3.10.0-1160.el7.x86_64" };
const KUBE_TOKEN = "agent-sa-token";
const MINUTE = 60_000;

export const MANIFEST = manifestYaml({
  "master-0": { role: "control-plane", address: "10.0.0.10" },
  "worker-0": { address: "10.0.0.20" },
  "worker-1": { address: "10.0.0.21" },
  "worker-2": { address: "10.0.0.22" },
});

const REQUEST = [
  "strategy: in-place",
  "machines: { role: worker }",
  "maxUnavailable: 1",
  `target: { kernelVersion: ${PATCHED.kernelVersion} }`,
  "reason: CVE-2026-0001 kernel fix",
  "",
].join("\n");

export const SILENT: Logger = { info() {}, warn() {}, error() {} };

export interface AgentWorld {
  standIn: GitHubStandIn;
  sim: SimCluster;
  server: SimApiServer;
  plan: Plan;
  issue: number;
  codec: StateCodec;
  /** The agent's ports: a GitHub token of its own (not the App's), a Kubernetes token of its ServiceAccount. */
  github: GitHubPort;
  cluster: ClusterPort;
  time: Time;
  /** Cluster writes (method, path, code) seen by the API server since the last reset. */
  clusterWrites: string[];
  /** Every request the API server answered (`METHOD path`), reads included: what the agent's RBAC must allow. */
  clusterRequests: string[];
  /**
   * Merges phase `index` as a person does, then lets the cluster follow the new head (unless `apply` is false:
   * a reconciler that has not caught up yet; `applyHead` catches up). Returns the head sha.
   */
  mergePhase(index: number, options?: { apply?: boolean }): Promise<string>;
  /** The GitOps reconciler applies the default branch head (Machine objects and all). */
  applyHead(): Promise<void>;
  head(): Promise<string>;
  statusWrites(): number;
  stop(): Promise<void>;
}

export async function startAgentWorld(
  config: string,
  options: { machineCrd?: boolean } = {},
): Promise<AgentWorld> {
  const sim = createSimCluster({
    nodeName: (m) => `ip-${m.privateAddress.replaceAll(".", "-")}`,
    ...(options.machineCrd === undefined ? {} : { machineCrd: options.machineCrd }),
  });
  const clusterWrites: string[] = [];
  const clusterRequests: string[] = [];
  const server = await startSimApiServer(sim, {
    token: KUBE_TOKEN,
    onResponse: (r) => {
      clusterRequests.push(`${r.method} ${r.path}`);
      if (r.method !== "GET") clusterWrites.push(`${r.method} ${r.path} ${r.code}`);
    },
  });
  const standIn = await createGitHubStandIn({ now: () => new Date(sim.clock.now()) });
  await standIn.seed.createRepo({
    owner: "acme",
    name: "cluster",
    files: { [MANIFEST_PATH]: MANIFEST, ".github/node-patch-bot.yml": config },
  });
  standIn.seed.setPermission(REPO, "alice", "write");
  standIn.seed.setPermission(REPO, AGENT_USER, "write");
  // The cluster as the reconciler left it: every machine joined, a web Deployment spread over the workers.
  sim.reconcileManifestText(MANIFEST, { file: MANIFEST_PATH });
  sim.clock.advance(5 * MINUTE);
  sim.addDaemonSet({ namespace: "kube-system", name: "weave-net" });
  sim.addDeployment({ namespace: "shop", name: "web", replicas: 3, labels: { app: "web" } });
  sim.clock.advance(MINUTE);

  const prepared = preparePlan({
    request: { file: "request.yaml", text: REQUEST },
    manifest: { file: MANIFEST_PATH, text: MANIFEST },
    config: { file: ".github/node-patch-bot.yml", text: config },
  });
  if (!prepared.ok) throw new Error(prepared.diagnostics.map((d) => d.message).join("\n"));
  const { plan, texts } = prepared;

  // The App's side, as the bot: the tracking issue and its dashboard with the rollout's state.
  const botToken = standIn.seed.installationToken(standIn.seed.installationId("acme"));
  const app = portFor(standIn, botToken, await mkdtemp(join(tmpdir(), "npb-agent-app-")));
  const issue = (await app.createIssue({ title: "Patch workers", body: REQUEST })).number;
  await app.addLabels(issue, ["node-patch-rollout"]);
  const codec = createStateCodec();
  const state: RolloutState = {
    version: 1,
    plan,
    issue,
    createdAt: sim.clock.now(),
    approvedBy: ["alice"],
    gatePassedAt: {},
    phaseCommits: {},
  };
  await app.createComment(issue, `${DASHBOARD_MARKER}\n## Rollout\n${codec.encode(state)}`);

  const alice = octokit(standIn, standIn.seed.userToken("alice"));
  const head = async () => (await standIn.seed.resolve(REPO, "refs/heads/main")) ?? "";
  const time: Time = { now: () => sim.clock.now(), sleep: (ms) => sim.clock.sleep(ms) };
  const applyHead = async () => {
    const text = await standIn.seed.readFile(REPO, await head(), MANIFEST_PATH);
    if (!sim.reconcileManifestText(text ?? "", { file: MANIFEST_PATH }).ok)
      throw new Error("the reconciler could not apply the head");
  };
  return {
    standIn,
    sim,
    server,
    plan,
    issue,
    codec,
    // As `node-patch-bot agent` makes it: reads through REST, the API being all the agent reaches.
    github: portFor(
      standIn,
      standIn.seed.userToken(AGENT_USER),
      await mkdtemp(join(tmpdir(), "npb-agent-")),
      false,
    ),
    cluster: createKubernetesClusterPort({
      config: loadKubeConfig({ kind: "token", server: server.url, token: KUBE_TOKEN, skipTLSVerify: true }),
      time,
    }),
    time,
    clusterWrites,
    clusterRequests,
    head,
    applyHead,
    async mergePhase(index, mergeOptions = {}) {
      const phase = plan.phases[index - 1];
      const text = texts.find((t) => t.index === index)?.manifest;
      if (phase === undefined || text === undefined) throw new Error(`no phase ${index}`);
      await app.commitFiles({
        branch: phase.branch,
        baseSha: await head(),
        files: [{ path: MANIFEST_PATH, content: text }],
        message: phase.commitMessage,
        date: new Date(state.createdAt).toISOString(),
      });
      const pull = await app.openPull({ head: phase.branch, base: "main", title: phase.title, body: "" });
      await alice.rest.pulls.merge({ owner: "acme", repo: "cluster", pull_number: pull.number });
      if (mergeOptions.apply !== false) await applyHead();
      return head();
    },
    statusWrites: () => standIn.counters()["POST /repos/{owner}/{repo}/statuses/{sha}"] ?? 0,
    async stop() {
      await standIn.stop();
      await server.close();
    },
  };
}

function portFor(standIn: GitHubStandIn, token: string, workDir: string, gitReads = true): GitHubPort {
  return createOctokitPort({
    gitReads,
    octokit: octokit(standIn, token),
    repo: { owner: "acme", repo: "cluster" },
    gitUrl: standIn.cloneUrl(REPO, token),
    token: async () => token,
    workDir,
  });
}
