// The rollout's safety rules, checked from the outside after every step of a sandbox world: what the cluster
// and the repository show, never what the bot believes. Written independently of the bot, so a bug in its
// planner or gates shows up here as a sentence naming the broken rule.
import { execFileSync } from "node:child_process";
import { parseManifest } from "../src/manifest/index.js";
import type { Node, Pod } from "../src/sandbox/cluster/k8s-types.js";
import type { LocalWorld } from "../src/sandbox/local-world.js";

export const BOT_LOGIN = "node-patch-bot[bot]";

export interface RolloutScope {
  manifestPath: string;
  /** The machines the request selects: the only ones the bot may taint, drain, untaint or remove. */
  selected: readonly string[];
  /** How many Ready, schedulable workers the request lets the rollout take away at once. */
  maxUnavailableWorkers: number;
}

/** What one look at the world shows. */
interface Observation {
  head: string;
  /** Machine name -> its documents as parsed (JSON), so any edit of a machine shows. */
  machines: Map<string, string>;
  nodes: Map<string, { ready: boolean; master: boolean; blocked: boolean; pods: number; shape: string }>;
}

function git(world: LocalWorld, args: string[]): string {
  const dir = world.github.seed.repo(world.fullName).dir;
  return execFileSync("git", ["--git-dir", dir, ...args], { encoding: "utf8" }).trim();
}

const isReady = (n: Node) =>
  n.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;
const isMaster = (n: Node) =>
  Object.keys(n.metadata?.labels ?? {}).some((k) => k === "node-role.kubernetes.io/master");
/** Cordoned or carrying a NoSchedule/NoExecute taint: no new work lands there. */
const isBlocked = (n: Node) =>
  n.spec?.unschedulable === true ||
  (n.spec?.taints ?? []).some((t) => t.effect === "NoSchedule" || t.effect === "NoExecute");
/** Pods that a drain must move: everything but DaemonSet pods. */
const movablePods = (pods: Pod[], node: string) =>
  pods.filter(
    (p) =>
      p.spec?.nodeName === node &&
      p.status?.phase !== "Succeeded" &&
      p.status?.phase !== "Failed" &&
      !(p.metadata?.ownerReferences ?? []).some((o) => o.kind === "DaemonSet"),
  ).length;

async function observe(world: LocalWorld, scope: RolloutScope): Promise<Observation> {
  const text =
    (await world.github.seed.readFile(world.fullName, world.defaultBranch, scope.manifestPath)) ?? "";
  const parsed = parseManifest(text, { file: scope.manifestPath });
  const machines = new Map<string, string>();
  if (parsed.ok) {
    for (const m of parsed.manifest.machines) {
      const { machineChunk: _m, infraChunk: _i, ...rest } = m;
      machines.set(m.name, JSON.stringify(rest));
    }
  }
  const pods = world.sim.pods();
  const nodes: Observation["nodes"] = new Map();
  for (const n of world.sim.nodes()) {
    const name = n.metadata?.name ?? "";
    nodes.set(name, {
      ready: isReady(n),
      master: isMaster(n),
      blocked: isBlocked(n),
      pods: movablePods(pods, name),
      shape: JSON.stringify({ u: n.spec?.unschedulable ?? false, t: n.spec?.taints ?? [] }),
    });
  }
  return { head: git(world, ["rev-parse", world.defaultBranch]), machines, nodes };
}

export interface InvariantMonitor {
  /** Looks at the world again; returns the rules broken since the last look (empty when all hold). */
  check(): Promise<string[]>;
  /** Every rule broken so far, deduplicated, in order. */
  violations(): string[];
  /** Writes lost so far: the default branch rewound (a commit that was on it no longer is). */
  lost(): string[];
}

export async function watchInvariants(world: LocalWorld, scope: RolloutScope): Promise<InvariantMonitor> {
  const initial = await observe(world, scope);
  const selected = new Set(scope.selected);
  const workersAvailable = (o: Observation) =>
    [...o.nodes.values()].filter((n) => !n.master && n.ready && !n.blocked).length;
  const minWorkers = workersAvailable(initial) - scope.maxUnavailableWorkers;
  let previous = initial;
  const seen = new Set<string>();
  const all: string[] = [];
  const lost: string[] = [];
  const note = (list: string[], found: string[], message: string) => {
    found.push(message);
    if (!seen.has(message)) {
      seen.add(message);
      list.push(message);
    }
  };
  return {
    async check() {
      const now = await observe(world, scope);
      const found: string[] = [];
      for (const [name, before] of previous.nodes) {
        if (now.nodes.has(name)) continue;
        if (!before.blocked || before.pods > 0)
          note(all, found, `node ${name} removed without being tainted and drained first`);
      }
      for (const name of previous.machines.keys()) {
        if (now.machines.has(name)) continue;
        const node = previous.nodes.get(name);
        if (node !== undefined && (!node.blocked || node.pods > 0))
          note(all, found, `machine ${name} removed from the manifest while its node was in service`);
      }
      if (workersAvailable(now) < minWorkers)
        note(all, found, `Ready schedulable workers ${workersAvailable(now)} < ${minWorkers} allowed`);
      const masters = [...now.nodes.values()].filter((n) => n.master);
      const readyMasters = masters.filter((n) => n.ready).length;
      if (readyMasters < Math.floor(masters.length / 2) + 1)
        note(all, found, `control-plane quorum broken: ${readyMasters} of ${masters.length} Ready`);
      for (const [name, doc] of initial.machines) {
        if (selected.has(name)) continue;
        if (now.machines.get(name) !== doc)
          note(all, found, `machine ${name} outside the request was edited`);
        const node = initial.nodes.get(name);
        if (node !== undefined && now.nodes.get(name)?.shape !== node.shape)
          note(all, found, `node ${name} outside the request was cordoned, tainted or removed`);
      }
      if (now.head !== previous.head) {
        try {
          git(world, ["merge-base", "--is-ancestor", previous.head, now.head]);
        } catch {
          note(lost, found, `${world.defaultBranch} rewound: ${previous.head} is no longer on it`);
        }
      }
      previous = now;
      return found;
    },
    violations: () => [...all],
    lost: () => [...lost],
  };
}

/** Duplicated writes: two pull requests for one branch, two dashboards or replies with one key, one phase merged twice. */
export function duplicates(world: LocalWorld): string[] {
  const repo = world.github.seed.repo(world.fullName);
  const problems: string[] = [];
  const count = (keys: string[], what: (k: string, n: number) => string) => {
    const counts = new Map<string, number>();
    for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
    for (const [k, n] of counts) if (n > 1) problems.push(what(k, n));
  };
  const issues = [...repo.issues.values()];
  count(
    issues.flatMap((i) => (i.pull === null ? [] : [i.pull.head])),
    (b, n) => `${n} pull requests from branch ${b}`,
  );
  const bot = [...repo.comments.values()].filter((c) => c.user === BOT_LOGIN);
  count(
    bot.filter((c) => c.body.startsWith("<!-- node-patch-bot")).map((c) => `#${c.issueNumber}`),
    (i, n) => `${n} dashboards on ${i}`,
  );
  count(
    bot.flatMap((c) => {
      const key = /<!-- node-patch-bot:reply ([^ >]*)/.exec(c.body)?.[1];
      return key === undefined ? [] : [`#${c.issueNumber} ${key}`];
    }),
    (k, n) => `${n} replies with key ${k}`,
  );
  count(
    bot.map((c) => `#${c.issueNumber} ${c.body}`),
    (k, n) => `${n} identical bot comments on ${k.slice(0, k.indexOf(" "))}`,
  );
  const phaseSubjects = git(world, ["log", "--first-parent", "--merges", "--format=%H", world.defaultBranch])
    .split("\n")
    .filter(Boolean)
    .map((m) => git(world, ["log", "-1", "--format=%s", `${m}^2`]));
  count(phaseSubjects, (s, n) => `phase commit "${s}" merged ${n} times`);
  return problems;
}
