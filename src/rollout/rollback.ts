// `/patch rollback`: the rollout turns around. The last merged phase is undone by the phases the planner
// gives for it; the planned phases after it are dropped (an open one is closed by the next decision). A hold
// is lifted, since rolling back is how a person answers it. One rollback per rollout: to undo more, a
// person reverts by hand or requests a new rollout.
import type { PullView } from "../github/port.js";
import { reversePhases } from "../plan/reverse.js";
import type { PhaseProgress, RolloutState } from "./types.js";

export function rollbackState(
  state: RolloutState,
  progress: readonly PhaseProgress[],
  by: string,
  now: number,
): RolloutState | string {
  const id = `\`${state.plan.id}\``;
  if (state.rollback)
    return `Rollout ${id} was already rolled back (phase ${state.rollback.of}, by @${state.rollback.by}); it can be rolled back once. Revert further phases by hand, or \`/patch cancel\`.`;
  const last = [...progress].reverse().find((p) => p.state === "merged");
  if (last === undefined)
    return `Rollout ${id} has no merged phase to roll back. \`/patch cancel\` stops it before anything changes.`;
  const reverse = reversePhases(state.plan, last.phase.index);
  if (!reverse.ok) return `Rollout ${id} cannot be rolled back: ${reverse.reason}`;
  const kept = state.plan.phases.slice(0, last.phase.index);
  const { held: _held, retryAt: _retryAt, ...rest } = state;
  return {
    ...rest,
    plan: { ...state.plan, phases: [...kept, ...reverse.phases] },
    rollback: { by, at: now, of: last.phase.index, dropped: state.plan.phases.length - kept.length },
  };
}

/** The merged phase a rollback undoes: it needs no gate any more, and its effect is no longer made real. */
export function isRolledBack(state: RolloutState, index: number): boolean {
  return state.rollback?.of === index;
}

/** Open pull requests of the forward phases a rollback dropped: the next decision closes them. */
export function droppedOpenPulls(state: RolloutState, pulls: readonly PullView[]): PullView[] {
  const rollback = state.rollback;
  if (rollback === undefined) return [];
  const prefix = `node-patch/${state.plan.id}/`;
  return pulls.filter((p) => {
    if (p.state !== "open" || !p.headRef.startsWith(prefix)) return false;
    const match = /^(\d+)-(add|taint|untaint|remove)$/.exec(p.headRef.slice(prefix.length));
    return match !== null && Number(match[1]) > rollback.of;
  });
}
