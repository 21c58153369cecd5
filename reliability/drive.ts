// Drives one sandbox rollout to its end with the invariants checked after every step, and sums it up as
// what the scenarios compare: the end state, the violations, the writes lost, the duplicates.
import { execFileSync } from "node:child_process";
import { DASHBOARD_MARKER } from "../src/rollout/state-codec.js";
import { DEMO_MANIFEST, PATCHED_IMAGE } from "../src/sandbox/demo-files.js";
import { type LocalWorld, type LocalWorldOptions, startLocalWorld } from "../src/sandbox/local-world.js";
import { duplicates, type RolloutScope, watchInvariants } from "./invariants.js";

export const MANIFEST_PATH = "setup/machines.yaml";

/** A step that takes this long in real time is hung (a normal one takes a few seconds on a loaded machine). */
const STEP_TIMEOUT_MS = 60_000;

export class StepHung extends Error {}

async function withinRealTime<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new StepHung(`${what} did not finish in ${ms / 1000} s of real time`)),
      ms,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** An in-place kernel patch of `workers` (each patches itself once drained) on the demo manifest, auto-merged. */
export interface RolloutFixture {
  workers: readonly string[];
  maxUnavailable: number;
}

export const requestBody = (f: RolloutFixture) =>
  `\`\`\`yaml\nstrategy: in-place\nmachines:\n  names: [${f.workers.join(", ")}]\nmaxUnavailable: ${f.maxUnavailable}\ntarget:\n  kernelVersion: ${PATCHED_IMAGE.kernelVersion}\n\`\`\`\n`;

export function worldOptions(): LocalWorldOptions {
  return {
    manifestPath: MANIFEST_PATH,
    files: { [MANIFEST_PATH]: DEMO_MANIFEST, ".github/node-patch-bot.yml": "merge:\n  mode: auto\n" },
    setupCluster: (sim) => {
      sim.addDeployment({ namespace: "shop", name: "web", replicas: 2, labels: { app: "web" } });
    },
  };
}

export function scopeOf(f: RolloutFixture): RolloutScope {
  return { manifestPath: MANIFEST_PATH, selected: f.workers, maxUnavailableWorkers: f.maxUnavailable };
}

/** What an uninterrupted run and a disturbed one must agree on. */
export interface EndState {
  closed: boolean;
  manifest: string;
  phases: string[];
  nodes: string[];
}

export interface RunOutcome {
  end: EndState;
  steps: number;
  violations: string[];
  lost: string[];
  duplicates: string[];
  /** When the request did not complete: the bot's dashboard and the pull requests, to see where it stopped. */
  stuck?: string;
}

export interface DriveHooks {
  /** Called before each step (1-based); may disturb the world. */
  beforeStep?: (world: LocalWorld, step: number) => Promise<void> | void;
  /** Called once the world runs, before the request is opened. */
  onStart?: (world: LocalWorld) => Promise<void> | void;
  /** Called after the request closed (or `maxSteps`), with a checked step, before the duplicates are counted. */
  beforeEnd?: (world: LocalWorld, step: () => Promise<void>) => Promise<void>;
  /** Called after each step and its invariant check. */
  afterStep?: (world: LocalWorld, step: number) => Promise<void> | void;
  /** Extra options for the world (replicas, gate, log capture). */
  world?: Partial<LocalWorldOptions>;
  stepMs?: number;
  maxSteps?: number;
  /** A step may throw while this holds (a dead app's timer throws; production's ticker logs and goes on). */
  tolerateStepError?: () => boolean;
}

export async function endState(world: LocalWorld, issue: number): Promise<EndState> {
  const dir = world.github.seed.repo(world.fullName).dir;
  const g = (args: string[]) => execFileSync("git", ["--git-dir", dir, ...args], { encoding: "utf8" }).trim();
  const merges = g(["log", "--first-parent", "--merges", "--format=%H", world.defaultBranch])
    .split("\n")
    .filter(Boolean)
    .reverse();
  return {
    closed: world.github.seed.repo(world.fullName).issues.get(issue)?.state === "closed",
    manifest: (await world.github.seed.readFile(world.fullName, world.defaultBranch, MANIFEST_PATH)) ?? "",
    phases: merges.map((m) => g(["log", "-1", "--format=%s", `${m}^2`])),
    nodes: world.sim
      .nodes()
      .map(
        (n) =>
          `${n.metadata?.name} ${n.status?.nodeInfo?.kernelVersion} unschedulable=${n.spec?.unschedulable ?? false} taints=${(n.spec?.taints ?? []).length}`,
      )
      .sort(),
  };
}

/** Opens the request, approves it and steps until the issue closes (or `maxSteps`), checking after every step. */
export async function driveRollout(f: RolloutFixture, hooks: DriveHooks = {}): Promise<RunOutcome> {
  const world = await startLocalWorld({ ...worldOptions(), ...hooks.world });
  try {
    for (const node of f.workers) world.sim.patchWhenDisrupted(node, PATCHED_IMAGE);
    const monitor = await watchInvariants(world, scopeOf(f));
    await hooks.onStart?.(world);
    const issue = await world.github.seed.openIssue(world.fullName, "alice", {
      title: `Patch ${f.workers.join(", ")}`,
      body: requestBody(f),
    });
    let steps = 0;
    const step = async () => {
      steps++;
      await hooks.beforeStep?.(world, steps);
      try {
        await withinRealTime(world.advance(hooks.stepMs ?? 60_000), STEP_TIMEOUT_MS, `step ${steps}`);
      } catch (error) {
        if (error instanceof StepHung) throw error;
        if (!hooks.tolerateStepError?.()) throw error;
      }
      await monitor.check();
      await hooks.afterStep?.(world, steps);
    };
    await step();
    const max = hooks.maxSteps ?? 60;
    // A person approves the plan they see: when the request's first delivery failed, the timer plans it a
    // few minutes later (an approval before that is answered "there is no rollout", and not kept).
    while (steps < max && !hasDashboard(world, issue)) await step();
    world.github.seed.comment(world.fullName, "alice", issue, "/patch approve");
    while (steps < max && world.github.seed.repo(world.fullName).issues.get(issue)?.state !== "closed") {
      await step();
    }
    await hooks.beforeEnd?.(world, step);
    const end = await endState(world, issue);
    return {
      ...(end.closed ? {} : { stuck: stuckStory(world, issue) }),
      end,
      steps,
      violations: monitor.violations(),
      lost: monitor.lost(),
      duplicates: duplicates(world),
    };
  } finally {
    await world.stop();
  }
}

function hasDashboard(world: LocalWorld, issue: number): boolean {
  return [...world.github.seed.repo(world.fullName).comments.values()].some(
    (c) => c.issueNumber === issue && c.body.startsWith(DASHBOARD_MARKER),
  );
}

function stuckStory(world: LocalWorld, issue: number): string {
  const repo = world.github.seed.repo(world.fullName);
  const dashboard = [...repo.comments.values()]
    .filter((c) => c.issueNumber === issue && c.body.startsWith("<!-- node-patch-bot"))
    .map((c) => c.body)
    .join("\n---\n");
  const pulls = [...repo.issues.values()]
    .filter((i) => i.pull !== null)
    .map((i) => `#${i.number} ${i.title} ${i.state}${i.pull?.merged ? " merged" : ""} (${i.pull?.head})`);
  const labels = repo.issues.get(issue)?.labels.join(", ") ?? "";
  return `labels: ${labels}\npulls: ${pulls.join("; ")}\n${dashboard}`;
}
