// runReconcile: brings one rollout forward from where GitHub and the cluster show it stands. Called on every
// relevant webhook and on the timer; safe to call any number of times.

import { renderDashboard } from "../rollout/dashboard.js";
import { decide, describeState, phaseProgress } from "../rollout/decide.js";
import { droppedOpenPulls } from "../rollout/rollback.js";
import type { Decision, RolloutState } from "../rollout/types.js";
import { type LoadedConfig, loadRepositoryConfig } from "./config.js";
import { type FlowDeps, type Logger, QUEUED_LABEL } from "./deps.js";
import { execute } from "./execute.js";
import { decideOn, type Observation, observe, observeAfter, windowLine } from "./observe.js";
import { activeRollouts, queuedDecision } from "./request.js";
import { readTracking, type Tracking, writeDashboard } from "./tracking.js";

/**
 * Rounds of deciding and acting in one event: open, then check and merge, then actuate the merged phase. A
 * bound, so that facts that keep changing (a gate passing at once, phase after phase) wait for the next event.
 */
const MAX_ROUNDS = 4;

export interface ReconcileResult {
  decision: Decision;
  notes: string[];
}

export interface ReconcileInput {
  issue: number;
  /** A change to the state to make first (a command), shown on the dashboard together with its effect. */
  update?: (state: RolloutState) => RolloutState;
  /** The issue carries the queued label: the rollout is shown but does not act while its manifest is busy. */
  queued?: boolean;
  /** The tracking issue as the caller just read it (saves listing its comments again). */
  tracking?: Tracking;
  /** The repository config, when the caller loaded it already (one load per event, not per rollout). */
  loaded?: LoadedConfig;
  /** The caller listed the issue among the open ones: a finished rollout's issue still open gets closed. */
  open?: boolean;
  /**
   * Act again on what acting changed, in this same call: an opened phase gets its check (and, merged
   * automatically, its merge) and a merged one its actuation, so the dashboard is written once for all of it
   * and the next reconcile finds nothing new to read. The timer does; webhook handlers keep to one round, to
   * answer within GitHub's ten seconds.
   */
  followThrough?: boolean;
}

export async function runReconcile(
  eventDeps: FlowDeps,
  input: ReconcileInput,
): Promise<ReconcileResult | undefined> {
  // 1. The rollout's state from its tracking issue; an issue without a dashboard is not a rollout. From here
  // on every line this flow (and what it calls) logs names the rollout, so one rollout's lines can be found.
  const read = input.tracking ?? (await readTracking(eventDeps, input.issue));
  if (read === undefined) return undefined;
  const deps = withLogFields(eventDeps, { rollout: read.state.plan.id });
  const tracking = input.update ? { ...read, state: input.update(read.state) } : read;
  if (tracking.state.cancelled && (!read.state.cancelled || input.open))
    return finishCancelled(deps, read, tracking.state);
  if (tracking.state.completedAt !== undefined) {
    // Finished, but an app that died between the dashboard and closing the issue left it open.
    if (input.open) await deps.github.updateIssue(tracking.issue, { state: "closed" });
    return undefined;
  }
  if (tracking.state.cancelled) return undefined;
  // 2. The repository config; an invalid one stops everything until it is fixed.
  const loaded = input.loaded ?? (await loadRepositoryConfig(deps));
  if (!loaded.ok) {
    // Nothing moves until the config is fixed, but a command's change (an approval, a hold) is kept.
    if (tracking !== read)
      await writeDashboard(
        deps,
        read,
        renderDashboard(
          tracking.state,
          describeState(
            tracking.state,
            tracking.state.plan.phases.map((phase) => ({ phase, state: "pending" as const })),
            deps.now(),
          ),
          [],
          deps.codec,
        ),
      );
    return undefined;
  }
  if (input.queued) {
    const active = await activeRollouts(deps, input.issue, tracking.state.plan.manifestPath);
    if (active.length > 0) return showQueued(deps, tracking, active);
    await deps.github.removeLabel(input.issue, QUEUED_LABEL);
  }
  // 3. Observe the phases, the default branch, the cluster and the windows.
  let obs = await observe(deps, tracking.state, loaded.config);
  // 4. Decide, then 5. act (and again on what acting changed, when following through).
  const decideFor = (state: RolloutState, o: Observation) => decideOn(state, o, loaded.config, deps.now());
  let state = tracking.state;
  let decision = decideFor(state, obs);
  const notes: string[] = [];
  for (let round = 1; ; round++) {
    // What acting writes names the phase the rollout is at, too.
    const phase = decision.current?.index;
    const acted = await execute(
      phase === undefined ? deps : withLogFields(deps, { phase }),
      state,
      decision.actions,
      obs,
      loaded.config,
    );
    notes.push(...acted.notes);
    const changed = acted.state !== state || acted.effects.length > 0;
    state = acted.state;
    const follow = input.followThrough === true && acted.effects.length > 0 && round < MAX_ROUNDS;
    if (follow) obs = await observeAfter(deps, state, obs, acted.effects, loaded.config);
    if (changed) decision = decideFor(state, obs);
    if (!follow) break;
  }
  // 6. Show where things stand (written only when the text changed), and close the issue when done.
  await writeDashboard(
    deps,
    tracking,
    renderDashboard(state, decision, obs.progress, deps.codec, {
      windowText: windowLine(obs.windows, loaded.config),
    }),
  );
  if (state.completedAt !== undefined) await deps.github.updateIssue(tracking.issue, { state: "closed" });
  deps.log.info(
    {
      issue: tracking.issue,
      status: decision.status,
      phase: decision.current?.index,
      notes,
    },
    decision.headline,
  );
  return { decision, notes };
}

/** A queued rollout's dashboard after a command (an approval, a hold): updated, and nothing else happens. */
async function showQueued(deps: FlowDeps, tracking: Tracking, active: number[]): Promise<ReconcileResult> {
  const progress = tracking.state.plan.phases.map((phase) => ({ phase, state: "pending" as const }));
  const decision = queuedDecision(
    decide({
      state: tracking.state,
      progress,
      windows: { pr: { open: true, text: "" }, merge: { open: true, text: "" } },
      mergeMode: "manual",
      now: deps.now(),
    }),
    active,
  );
  await writeDashboard(deps, tracking, renderDashboard(tracking.state, decision, progress, deps.codec));
  return { decision, notes: ["queued"] };
}

/** A cancel closes the open phase pull request and the tracking issue; merged phases stay merged. */
async function finishCancelled(
  deps: FlowDeps,
  tracking: Tracking,
  state: RolloutState,
): Promise<ReconcileResult> {
  const pulls = await deps.github.listPulls(`node-patch/${state.plan.id}/`);
  const progress = phaseProgress(state.plan, pulls);
  const decision = describeState(state, progress, deps.now(), droppedOpenPulls(state, pulls));
  for (const a of decision.actions) {
    if (a.kind === "close-phase" || a.kind === "close-pull") {
      await deps.github.updatePull(a.pull.number, { state: "closed" });
      await deps.github.deleteBranch(a.pull.headRef);
    }
  }
  await writeDashboard(deps, tracking, renderDashboard(state, decision, progress, deps.codec));
  await deps.github.updateIssue(tracking.issue, { state: "closed" });
  return { decision, notes: ["cancelled"] };
}

/** A logger that can bind fields to every line (pino's `child`; Probot's loggers are pino loggers). */
interface BindingLogger extends Logger {
  child(bindings: Record<string, unknown>): Logger;
}

function canBind(log: Logger): log is BindingLogger {
  return "child" in log && typeof log.child === "function";
}

/** `deps` whose logger adds `fields` to every line: a pino child, or a wrapper for plain loggers. */
export function withLogFields<D extends { log: Logger }>(deps: D, fields: Record<string, unknown>): D {
  const { log } = deps;
  const bound: Logger = canBind(log)
    ? log.child(fields)
    : {
        info: (f, m) => log.info({ ...fields, ...f }, m),
        warn: (f, m) => log.warn({ ...fields, ...f }, m),
        error: (f, m) => log.error({ ...fields, ...f }, m),
      };
  return { ...deps, log: bound };
}
