// Disturbances from the cluster and from people, each at one moment of the one-worker in-place rollout, with
// the safety rules checked after every step. Some must leave the rollout finishing exactly as the undisturbed
// run did (an API server that errors, a node that flaps, an unrelated push); the others must make it hold and
// say why, without touching anything further (a node that never comes back, a budget that never allows an
// eviction, a Node deleted by hand, a person's edit of a machine in the plan, a phase closed or pushed to).
import { Octokit } from "@octokit/rest";
import { DEMO_MANIFEST } from "../src/sandbox/demo-files.js";
import type { LocalWorld, LocalWorldOptions } from "../src/sandbox/local-world.js";
import { driveRollout, type EndState, MANIFEST_PATH, type RolloutFixture, worldOptions } from "./drive.js";
import { BOT_LOGIN } from "./invariants.js";
import { crashed, judge, type RunResult } from "./outcome.js";

const WORKER = "worker-1";
const WORKER_ADDRESS = "172.17.0.3";
/** Gates give up after minutes rather than the default half hour, so a hold comes within a short run. */
const SHORT_TIMEOUTS = "readiness:\n  timeoutMinutes: 5\n  drainTimeoutMinutes: 5\n";

export interface Disturbance {
  name: string;
  /** The scenario it belongs to in the report. */
  scenario: "cluster-faults" | "push-races";
  /** Lines appended to the repository config (`merge: auto` already). */
  config?: string;
  setupCluster?: LocalWorldOptions["setupCluster"];
  /** Called after every step until it returns true: acts on the world when its moment has come. */
  act(world: LocalWorld, step: number): Promise<boolean> | boolean;
  /** `completes`: ends as the undisturbed run; otherwise the words the bot's hold must contain. */
  expect: "completes" | { holds: string };
  /** Problems with what the world shows at the end (a person's edit lost, a budget broken). */
  check?(world: LocalWorld): Promise<string[]> | string[];
}

const repo = (world: LocalWorld) => world.github.seed.repo(world.fullName);

/** The bot's open phase pull request, if one is open now. */
function openPhase(world: LocalWorld): { number: number; head: string } | undefined {
  const pull = [...repo(world).issues.values()].find(
    (i) => i.pull !== null && i.state === "open" && i.pull.head.startsWith("node-patch/"),
  );
  return pull?.pull ? { number: pull.number, head: pull.pull.head } : undefined;
}

const node = (world: LocalWorld) => world.sim.node(WORKER);
const cordoned = (world: LocalWorld) => node(world)?.spec.unschedulable === true;
const drained = (world: LocalWorld) =>
  cordoned(world) &&
  world.sim
    .pods({ nodeName: WORKER })
    .every((p) => (p.metadata.ownerReferences ?? []).some((o) => o.kind === "DaemonSet"));

function personClient(world: LocalWorld, login: string): Octokit {
  return new Octokit({ baseUrl: world.github.url, auth: world.github.seed.userToken(login) });
}

/** Acts once, at the first step `when` holds. */
function once(when: (world: LocalWorld) => boolean, what: (world: LocalWorld) => Promise<void> | void) {
  return async (world: LocalWorld) => {
    if (!when(world)) return false;
    await what(world);
    return true;
  };
}

/** Whether the bot has opened a phase pull request yet (open or merged). */
const phaseOpened = (world: LocalWorld) =>
  [...repo(world).issues.values()].some((i) => i.pull?.head.startsWith("node-patch/") === true);

/**
 * Acts the moment the app writes the check run of a phase pull request it just opened, holding that request
 * until the act is done: a tick opens, checks and merges a phase in one go, so this is when a phase is open
 * to a person's push, close or edit. Returns true (to `act`) once it has acted.
 */
function whilePhaseOpen(what: (world: LocalWorld) => Promise<void> | void) {
  // Per world: the same disturbance runs in many worlds, one after another.
  const runs = new WeakMap<LocalWorld, { acted: boolean }>();
  return (world: LocalWorld) => {
    let run = runs.get(world);
    if (run === undefined) {
      const armed = { acted: false };
      run = armed;
      runs.set(world, armed);
      let release = () => {};
      const done = new Promise<void>((resolve) => {
        release = resolve;
      });
      const trigger = new OnMatch(/\/check-runs$/, () => {
        void Promise.resolve()
          .then(() => what(world))
          .finally(() => {
            armed.acted = true;
            release();
          });
      });
      world.github.injectFault({ kind: "delay", method: "POST", path: trigger, until: done, times: 1 });
    }
    return run.acted;
  };
}

/** A path pattern that calls `onMatch` the first time it matches (the request it matched is then held). */
class OnMatch extends RegExp {
  private fired = false;
  constructor(
    pattern: RegExp,
    private readonly onMatch: () => void,
  ) {
    super(pattern.source);
  }
  override test(path: string): boolean {
    const hit = super.test(path);
    if (hit && !this.fired) {
      this.fired = true;
      this.onMatch();
    }
    return hit;
  }
}

const WORKER_PORT_EDIT = DEMO_MANIFEST.replace("port: 2223", "port: 2299");

export const DISTURBANCES: readonly Disturbance[] = [
  {
    name: "API server errors (500s on nodes, 429s on evictions)",
    scenario: "cluster-faults",
    act: once(phaseOpened, (w) => {
      w.sim.faults.apiErrors({ pathPrefix: "/api/v1/nodes", status: 500, count: 4 });
      w.sim.faults.apiErrors({ pathPrefix: "/api/v1/namespaces/shop/pods", status: 429, count: 3 });
    }),
    expect: "completes",
  },
  {
    name: "a node flapping Ready/NotReady while it is patched",
    scenario: "cluster-faults",
    act: once(cordoned, (w) => {
      w.sim.faults.flapping(WORKER_ADDRESS, 45_000);
      // It settles down a few minutes later.
      w.sim.clock.schedule(4 * 60_000, () => w.sim.faults.flapping(WORKER_ADDRESS, undefined));
    }),
    expect: "completes",
  },
  {
    name: "a node that never comes back Ready after its reboot",
    scenario: "cluster-faults",
    config: SHORT_TIMEOUTS,
    setupCluster: (sim) => sim.faults.neverReady(WORKER_ADDRESS),
    act: () => true,
    expect: { holds: "the gate timed out: worker-1 (172.17.0.3): NotReady" },
  },
  {
    name: "a PodDisruptionBudget that never allows an eviction",
    scenario: "cluster-faults",
    config: SHORT_TIMEOUTS,
    setupCluster: (sim) => {
      sim.addPdb({
        namespace: "shop",
        name: "web",
        minAvailable: 1,
        selector: { matchLabels: { app: "web" } },
      });
      sim.faults.pdbNeverAllows("shop", "web");
    },
    act: () => true,
    expect: { holds: "still on worker-1 (172.17.0.3): blocked by PodDisruptionBudget shop/web" },
    // The budget is honoured to the end: the pods it protects (both on worker-1) were never forced off it.
    check: (w) => {
      const moved = w.sim.pods({ namespace: "shop" }).filter((p) => p.spec.nodeName !== WORKER);
      return moved.length === 0
        ? []
        : [
            `pods the budget protects left worker-1 although no eviction was allowed: ${moved.map((p) => p.metadata.name).join(", ")}`,
          ];
    },
  },
  {
    name: "a drained Node deleted by hand mid-rollout",
    scenario: "cluster-faults",
    config: SHORT_TIMEOUTS,
    act: once(drained, (w) => w.sim.deleteNodeByHand(WORKER)),
    expect: { holds: "the gate timed out: worker-1 (172.17.0.3): no Node with this InternalIP has joined" },
  },
  {
    name: "the default branch moved by an unrelated push",
    scenario: "push-races",
    act: whilePhaseOpen(async (w) => {
      await w.github.seed.commit(w.fullName, w.defaultBranch, { "README.md": "cluster docs\n" }, "docs");
    }),
    expect: "completes",
  },
  {
    name: "a person's edit of a machine in the plan",
    scenario: "push-races",
    act: whilePhaseOpen(async (w) => {
      await w.github.seed.commit(
        w.fullName,
        w.defaultBranch,
        { [MANIFEST_PATH]: WORKER_PORT_EDIT },
        "move worker-1's ssh port",
        "alice",
      );
    }),
    expect: { holds: "worker-1 changed on the default branch" },
    check: async (w) =>
      (await w.github.seed.readFile(w.fullName, w.defaultBranch, MANIFEST_PATH)) === WORKER_PORT_EDIT
        ? []
        : ["the person's edit of worker-1 is not what the default branch holds"],
  },
  {
    name: "a phase pull request closed by a person",
    scenario: "push-races",
    act: whilePhaseOpen(async (w) => {
      const [owner = "", name = ""] = w.fullName.split("/");
      const pull = openPhase(w);
      await personClient(w, "alice").rest.pulls.update({
        owner,
        repo: name,
        pull_number: pull?.number ?? 0,
        state: "closed",
      });
    }),
    expect: { holds: "was closed without merging" },
  },
  {
    name: "a commit pushed by a person to a phase branch",
    scenario: "push-races",
    act: whilePhaseOpen(async (w) => {
      const pull = openPhase(w);
      await w.github.seed.commit(
        w.fullName,
        pull?.head ?? "",
        { "NOTES.md": "my change\n" },
        "a person's commit",
        "alice",
      );
    }),
    expect: { holds: "was changed by someone else" },
  },
];

const HELD = `> Held by @node-patch-bot: `;

/** Runs one disturbance on the rollout and judges it against the undisturbed run or the expected hold. */
export async function runDisturbance(
  d: Disturbance,
  fixture: RolloutFixture,
  reference: EndState,
): Promise<RunResult> {
  try {
    let acted = false;
    let shown = "";
    let seen: string[] = [];
    const base = worldOptions();
    const run = await driveRollout(fixture, {
      maxSteps: d.expect === "completes" ? 40 : 25,
      world: {
        files: {
          ...base.files,
          ".github/node-patch-bot.yml": `merge:\n  mode: auto\n${d.config ?? ""}`,
        },
        setupCluster: (sim) => {
          base.setupCluster?.(sim);
          d.setupCluster?.(sim);
        },
      },
      afterStep: async (world, step) => {
        if (!acted) acted = await d.act(world, step);
      },
      beforeEnd: async (world) => {
        shown = dashboardOf(world);
        seen = (await d.check?.(world)) ?? [];
      },
    });
    if (d.expect === "completes") {
      const judged = judge(d.scenario, d.name, run, reference);
      const problems = [
        ...judged.problems,
        ...seen,
        ...(acted ? [] : ["the disturbance never found its moment"]),
      ];
      return { ...judged, problems, passed: judged.passed && problems.length === 0 };
    }
    const problems: string[] = [...seen];
    if (!acted) problems.push("the disturbance never found its moment");
    if (run.end.closed) problems.push("the rollout completed instead of holding");
    const held = shown.split("\n").find((l) => l.startsWith(HELD));
    if (held === undefined) problems.push(`the rollout did not hold; its dashboard says:\n${shown}`);
    else if (!held.includes(d.expect.holds))
      problems.push(`held for another reason: ${held} (expected "${d.expect.holds}")`);
    const violations = [...run.violations, ...run.duplicates];
    return {
      scenario: d.scenario,
      label: d.name,
      passed: violations.length === 0 && run.lost.length === 0 && problems.length === 0,
      violations,
      lost: [...run.lost],
      problems,
    };
  } catch (error) {
    return crashed(d.scenario, d.name, error);
  }
}

function dashboardOf(world: LocalWorld): string {
  return (
    [...repo(world).comments.values()].find(
      (c) => c.user === BOT_LOGIN && c.body.startsWith("<!-- node-patch-bot"),
    )?.body ?? ""
  );
}
