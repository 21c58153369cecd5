// Crash anywhere: the app dies right after its k-th write to GitHub (REST or git push) or to the cluster —
// that write lands, every later request of the dead instance is dropped unanswered — and a fresh instance
// starts against the same stand-in and cluster (the clone cache on disk survives, as an emptyDir does). The
// rollout must then finish exactly as an undisturbed one did. Webhook deliveries the dead instance failed are
// redelivered after the restart (GitHub never retries them; without that, a command in one is lost).
import { type DriveHooks, driveRollout, type RolloutFixture } from "./drive.js";
import { crashed, judge, type RunResult } from "./outcome.js";

export interface Request {
  server: "github" | "cluster";
  method: string;
  path: string;
}

/** The stand-in's own pre-receive hook calls it back during a push: not the app's request. */
const isStandInInternal = (r: Request) => r.server === "github" && r.path.startsWith("/_stand-in/");

/** A write changes state somewhere: not a read, not a git fetch, not minting the app's own token. */
export function isWrite(r: Request): boolean {
  if (r.method === "GET" || r.method === "HEAD" || isStandInInternal(r)) return false;
  if (r.server === "cluster") return true;
  if (/\/git-upload-pack$/.test(r.path)) return false;
  return !/^\/app\/installations\/\d+\/access_tokens$/.test(r.path);
}

/** Where to kill: right after the `nth` write (among those `match` selects, all writes when omitted). */
export interface KillPoint {
  label: string;
  nth: number;
  match?: (r: Request) => boolean;
}

/** Named kill points, robust to the app's write order changing: what CI samples. */
export const NAMED_KILL_POINTS: readonly KillPoint[] = [
  { label: "after posting the dashboard", nth: 1, match: (r) => /\/issues\/\d+\/comments$/.test(r.path) },
  { label: "after the first dashboard edit", nth: 1, match: (r) => /\/issues\/comments\/\d+$/.test(r.path) },
  { label: "after the reaction to /patch approve", nth: 1, match: (r) => r.path.endsWith("/reactions") },
  { label: "after the first git push", nth: 1, match: (r) => r.path.endsWith("/git-receive-pack") },
  { label: "after opening the first pull request", nth: 1, match: (r) => /\/pulls$/.test(r.path) },
  { label: "after the first merge", nth: 1, match: (r) => r.path.endsWith("/merge") },
  { label: "after the first cluster write", nth: 1, match: (r) => r.server === "cluster" },
  { label: "after the first eviction", nth: 1, match: (r) => r.path.endsWith("/eviction") },
  { label: "after the second merge", nth: 2, match: (r) => r.path.endsWith("/merge") },
];

/** The named points CI runs (the full run crashes after every write). */
export const CI_KILL_POINTS: readonly KillPoint[] = NAMED_KILL_POINTS.filter((p) =>
  [
    "after posting the dashboard",
    "after the reaction to /patch approve",
    "after the first git push",
    "after the first eviction",
  ].includes(p.label),
);

/** Counts writes; from the kill point on, drops every request until `revive()`. */
export function killSwitch(point: KillPoint | undefined) {
  let writes = 0;
  let matching = 0;
  let dead = false;
  let killed = false;
  return {
    gate(r: Request): boolean {
      if (isStandInInternal(r)) return true;
      if (dead) return false;
      if (!isWrite(r)) return true;
      writes++;
      if (point === undefined || killed || !(point.match?.(r) ?? true)) return true;
      matching++;
      if (matching === point.nth) {
        dead = true;
        killed = true;
      }
      return true;
    },
    writes: () => writes,
    dead: () => dead,
    revive() {
      dead = false;
    },
  };
}

export interface CrashOptions {
  fixture: RolloutFixture;
  /** Where to crash: every k of the undisturbed run when omitted. */
  points?: readonly KillPoint[];
}

export async function* crashAtK(options: CrashOptions): AsyncGenerator<RunResult> {
  const name = "crash-at-k";
  const counter = killSwitch(undefined);
  const reference = await driveRollout(options.fixture, { world: { gate: counter.gate } });
  const total = counter.writes();
  if (!reference.end.closed) {
    const why = `the undisturbed run did not complete in ${reference.steps} steps (${total} writes)`;
    yield crashed(name, "undisturbed", new Error(`${why}\n${reference.stuck ?? ""}`));
    return;
  }
  const points =
    options.points ?? Array.from({ length: total }, (_, i) => ({ label: `k=${i + 1}/${total}`, nth: i + 1 }));
  for (const point of points) {
    const label = point.label;
    try {
      const kill = killSwitch(point);
      const hooks: DriveHooks = {
        world: { gate: kill.gate },
        maxSteps: reference.steps + 20,
        tolerateStepError: () => kill.dead(),
        afterStep: async (world) => {
          if (!kill.dead()) return;
          await world.restart();
          kill.revive();
          // Deliveries the dead instance failed are redelivered, as an operator (or a startup job reading
          // GitHub's delivery log) does: GitHub itself never retries a failed delivery.
          for (const d of world.github.webhooks.deliveries()) {
            if (d.attempts.at(-1)?.status !== 200) await world.github.webhooks.redeliver(d.id);
          }
        },
      };
      yield judge(name, label, await driveRollout(options.fixture, hooks), reference.end);
    } catch (error) {
      yield crashed(name, label, error);
    }
  }
}
