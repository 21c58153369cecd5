// Carries out the state machine's actions. Each is idempotent (deterministic branches and commits, one pull
// request per head, check runs written only when changed, merges pinned to the head sha), so a repeated
// webhook or a second replica repeats nothing that matters.
import { actuatePhase } from "../cluster/index.js";
import type { RepositoryConfig } from "../generated/config.js";
import type { PullView } from "../github/port.js";
import type { Phase } from "../plan/index.js";
import type { Action, RolloutState } from "../rollout/types.js";
import type { FlowDeps } from "./deps.js";
import type { Observation } from "./observe.js";
import { buildPhaseCommit } from "./phase-commit.js";
import { phasePullBody, phasePullTitle, pushedCommit } from "./pull-text.js";

/** What acting changed on GitHub that the observation it acted on does not show yet. */
export type Effect =
  /** The phase's pull request is open with `head`, the bot's commit on the observed default branch. */
  | { kind: "opened"; phase: Phase; pull: PullView; head: string }
  /** The open phase was rebuilt on the observed default branch: its head is now `head`. */
  | { kind: "rebuilt"; phase: Phase; pull: PullView; head: string }
  | { kind: "merged"; phase: Phase; pull: PullView };

export interface ExecuteResult {
  state: RolloutState;
  /** What happened, in plain words, for logs and the dashboard. */
  notes: string[];
  effects: Effect[];
}

export async function execute(
  deps: FlowDeps,
  state: RolloutState,
  actions: readonly Action[],
  obs: Observation,
  config: RepositoryConfig,
): Promise<ExecuteResult> {
  let next = state;
  const notes: string[] = [];
  const effects: Effect[] = [];
  const now = deps.now();
  const hold = (reason: string) => {
    next = { ...next, held: { by: "node-patch-bot", reason, at: now } };
    notes.push(`held: ${reason}`);
  };
  for (const action of actions) {
    switch (action.kind) {
      case "open-phase":
      case "refresh-phase": {
        const rebuilt =
          action.kind === "refresh-phase" ? pushedCommit(next, action.phase, action.pull)?.base : undefined;
        const pushed = await pushPhase(deps, next, action.phase, obs, config, {
          previousBase: rebuilt,
          opening: action.kind === "open-phase",
        });
        if (!pushed.ok) {
          hold(pushed.reason);
          break;
        }
        next = {
          ...next,
          phaseCommits: {
            ...next.phaseCommits,
            [action.phase.index]: { head: pushed.head, base: obs.mainSha },
          },
        };
        const commit = { head: pushed.head, base: obs.mainSha };
        if (action.kind === "open-phase") {
          const pull = await deps.github.openPull({
            head: action.phase.branch,
            base: obs.defaultBranch,
            title: phasePullTitle(next.plan, action.phase),
            body: phasePullBody(next, action.phase, commit),
            labels: config.labels?.pullRequest ?? ["node-patch"],
          });
          notes.push(`opened #${pull.number} for phase ${action.phase.index}`);
          effects.push({ kind: "opened", phase: action.phase, pull, head: pushed.head });
        } else {
          await deps.github.updatePull(action.pull.number, {
            body: phasePullBody(next, action.phase, commit),
          });
          notes.push(`rebuilt phase ${action.phase.index} on ${obs.defaultBranch}`);
          effects.push({ kind: "rebuilt", phase: action.phase, pull: action.pull, head: pushed.head });
        }
        break;
      }
      case "check":
        await deps.github.upsertCheckRun({
          name: checkName(next.plan.cluster),
          headSha: action.pull.headSha,
          status: action.check.status,
          ...(action.check.conclusion ? { conclusion: action.check.conclusion } : {}),
          title: action.check.title,
          summary: action.check.summary,
        });
        break;
      case "merge": {
        // A tick opens, checks and merges a phase at once, and someone may push to the default branch in
        // between. A phase merges only onto the commit it was built on (re-read through git: no REST call);
        // otherwise it stays open and the next round rebuilds it on the new head, or holds when that push
        // changed one of its machines.
        const built = pushedCommit(next, action.phase, action.pull)?.base;
        const head = built === undefined ? undefined : await deps.github.branchSha(obs.defaultBranch);
        if (built !== undefined && head !== built) {
          notes.push(`#${action.pull.number} not merged: ${obs.defaultBranch} moved since it was built`);
          break;
        }
        const outcome = await deps.github.mergePull(
          action.pull.number,
          action.pull.headSha,
          config.merge?.method ?? "merge",
        );
        notes.push(
          outcome.merged
            ? `merged #${action.pull.number}`
            : `#${action.pull.number} not merged (${outcome.status}): ${outcome.reason}`,
        );
        if (outcome.merged) effects.push({ kind: "merged", phase: action.phase, pull: action.pull });
        break;
      }
      case "actuate": {
        if (!deps.cluster || !obs.manifest || !obs.snapshot) break;
        const report = await actuatePhase(
          deps.cluster,
          { plan: next.plan, phase: action.phase, manifest: obs.manifest, snapshot: obs.snapshot },
          {},
        );
        notes.push(...report.lines);
        break;
      }
      case "record-gate-pass":
        next = { ...next, gatePassedAt: { ...next.gatePassedAt, [action.phase.index]: action.at } };
        observeWait(deps, obs, action.phase.index, action.at, "pass");
        break;
      case "reset-gate-pass": {
        const { [action.phase.index]: _forgotten, ...kept } = next.gatePassedAt;
        next = { ...next, gatePassedAt: kept };
        notes.push(`phase ${action.phase.index}'s gate failed after it passed: its soak starts over`);
        break;
      }
      case "hold":
        hold(action.reason);
        if (obs.gate?.status === "timed-out") observeWait(deps, obs, undefined, now, "timed-out");
        break;
      case "close-phase":
        await deps.github.updatePull(action.pull.number, { state: "closed" });
        await deps.github.deleteBranch(action.phase.branch);
        notes.push(`closed #${action.pull.number}`);
        break;
      case "close-pull":
        await deps.github.updatePull(action.pull.number, { state: "closed" });
        await deps.github.deleteBranch(action.pull.headRef);
        notes.push(`closed #${action.pull.number} (dropped by the rollback)`);
        break;
      case "complete":
        next = { ...next, completedAt: now };
        notes.push("completed");
        break;
    }
  }
  return { state: next, notes, effects };
}

/** How long the last merged phase's gate waited (from its merge), for the app's metrics. */
function observeWait(
  deps: FlowDeps,
  obs: Observation,
  index: number | undefined,
  at: number,
  outcome: "pass" | "timed-out",
): void {
  const merged = [...obs.progress]
    .reverse()
    .find((p) => p.state === "merged" && (index === undefined || p.phase.index === index));
  if (merged?.state === "merged" && deps.observeGateWait)
    deps.observeGateWait(Math.max(0, (at - merged.mergedAt) / 1000), outcome);
}

/** Check runs are named per cluster, so several clusters in one repository never overwrite each other's. */
export function checkName(cluster: string): string {
  return cluster ? `node-patch-bot/${cluster}` : "node-patch-bot";
}

async function pushPhase(
  deps: FlowDeps,
  state: RolloutState,
  phase: Phase,
  obs: Observation,
  config: RepositoryConfig,
  how: { previousBase: string | undefined; opening: boolean },
): Promise<{ ok: true; head: string } | { ok: false; reason: string }> {
  const commit = await buildPhaseCommit(deps, state, phase, config, obs.mainSha, how.previousBase);
  if (!commit.ok) return commit;
  const head = await deps.github.commitFiles({
    branch: phase.branch,
    baseSha: obs.mainSha,
    files: commit.files,
    message: phase.commitMessage,
    date: new Date(state.createdAt).toISOString(),
    // A phase opened for the first time has no branch yet (and if an interrupted attempt left one, the port
    // finds it); a rebuilt phase has one.
    expectNew: how.opening,
  });
  return { ok: true, head };
}
