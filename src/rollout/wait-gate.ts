// The decision while a merged phase's gate waits (or soaks): what the dashboard's headline and the open
// phase's check run say, and the check that holds that phase back.
import type { Action, CheckView, DecideInput, Decision, PhaseProgress } from "./types.js";

export function waitGate(
  input: DecideInput,
  lastMerged: PhaseProgress,
  actions: Action[],
  current: PhaseProgress | undefined,
  at: (p: PhaseProgress | undefined) => string,
): Decision {
  const gate = input.gate;
  const unmet = gate?.unmet ?? ["the cluster has not been observed yet"];
  // The dashboard says what the gate waits for (and what blocks it) and since when, never how far it got: it
  // is rewritten when the gate passes, is blocked, fails or is held, not on every tick that sees a pod evicted.
  const waitingFor = gate?.waitingFor ?? unmet;
  const startedAt =
    lastMerged.state === "merged" ? Math.max(lastMerged.mergedAt, input.state.retryAt ?? 0) : 0;
  const since = startedAt > 0 ? utcMinute(startedAt) : "";
  const headline =
    gate?.status === "soaking"
      ? `${at(lastMerged)} merged; soaking for its gate: ${gate.summary}.`
      : `${at(lastMerged)} merged; waiting${since ? ` since ${since}` : ""} for its gate: ${gate?.summary ?? "not yet evaluated"}.`;
  // The check run of a phase open for people to merge says, beyond that, exactly what is unmet now (which
  // node, which pod, which budget): they read it before merging. Only manual mode has a phase open while a
  // gate waits, so the rewrites this costs are not the timer's in auto mode.
  const live = unmet.filter((u) => !waitingFor.includes(u));
  const listed = live.slice(0, MAX_CHECK_UNMET).map((u) => `- ${u}`);
  if (live.length > listed.length) listed.push(`- … and ${live.length - listed.length} more`);
  const next =
    current && current.state === "open"
      ? withCheck(actions, current, {
          status: "in_progress",
          title: "Previous phase not converged",
          summary: [
            headline,
            ...waitingFor,
            ...(listed.length > 0 ? ["", "Unmet now:", ...listed] : []),
          ].join("\n"),
        })
      : actions;
  return {
    status: "waiting-for-gate",
    ...(current ? { current: current.phase } : {}),
    headline,
    unmet,
    ...(waitingFor === unmet ? {} : { waitingFor }),
    actions: next,
  };
}

/** How many live unmet conditions a check run lists (`/patch status` lists them too). */
const MAX_CHECK_UNMET = 10;

/** `2026-11-25 10:02 UTC`: a moment to the minute, the same for every reader. */
function utcMinute(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

export function withCheck(actions: Action[], current: PhaseProgress, check: CheckView): Action[] {
  return current.state === "open"
    ? [...actions, { kind: "check", phase: current.phase, pull: current.pull, check }]
    : actions;
}
