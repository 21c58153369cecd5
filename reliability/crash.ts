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

/** Counts writes; from the `killAt`-th one on, drops every request until `revive()`. */
export function killSwitch(killAt: number | undefined) {
  let writes = 0;
  let dead = false;
  let killed = false;
  return {
    gate(r: Request): boolean {
      if (isStandInInternal(r)) return true;
      if (dead) return false;
      if (!isWrite(r)) return true;
      writes++;
      if (!killed && writes === killAt) {
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
  /** Which k to crash at; every k of the undisturbed run when omitted. */
  ks?: readonly number[];
}

export async function* crashAtK(options: CrashOptions): AsyncGenerator<RunResult> {
  const name = "crash-at-k";
  const counter = killSwitch(undefined);
  const reference = await driveRollout(options.fixture, { world: { gate: counter.gate } });
  const total = counter.writes();
  if (!reference.end.closed) {
    yield crashed(name, "undisturbed", new Error(`the undisturbed run did not complete (${total} writes)`));
    return;
  }
  const ks = options.ks ?? Array.from({ length: total }, (_, i) => i + 1);
  for (const k of ks) {
    const label = `k=${k}/${total}`;
    try {
      const kill = killSwitch(k);
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
