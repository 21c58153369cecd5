// One run of a scenario, summed up for the table, and the comparison every fault scenario makes: the same end
// as an undisturbed run, no rule broken, nothing duplicated, nothing lost.
import type { EndState, RunOutcome } from "./drive.js";

export interface RunResult {
  scenario: string;
  /** Which variant ran (`k=3`, `seed=2`, a corpus entry's name). */
  label: string;
  passed: boolean;
  /** Safety rules broken, duplicated writes included. */
  violations: string[];
  /** Writes lost: history rewound, or an end state that differs from the undisturbed run's. */
  lost: string[];
  /** Anything else that kept the run from passing (did not finish, unexpected message). */
  problems: string[];
}

/** Judges a disturbed rollout against the undisturbed one. */
export function judge(scenario: string, label: string, run: RunOutcome, reference: EndState): RunResult {
  const violations = [...run.violations, ...run.duplicates];
  const lost = [...run.lost];
  const problems: string[] = [];
  if (!run.end.closed)
    problems.push(`the request did not complete in ${run.steps} steps\n${run.stuck ?? ""}`);
  else {
    if (run.end.manifest !== reference.manifest)
      lost.push("the manifest on main differs from the undisturbed run");
    if (run.end.phases.join("|") !== reference.phases.join("|"))
      problems.push(`phases ${run.end.phases.join(", ")} instead of ${reference.phases.join(", ")}`);
    if (run.end.nodes.join("|") !== reference.nodes.join("|"))
      problems.push(`cluster ends as ${run.end.nodes.join("; ")}`);
  }
  return {
    scenario,
    label,
    passed: violations.length === 0 && lost.length === 0 && problems.length === 0,
    violations,
    lost,
    problems,
  };
}

/** A result for a run that threw instead of finishing. */
export function crashed(scenario: string, label: string, error: unknown): RunResult {
  const message = error instanceof Error ? error.message : String(error);
  return { scenario, label, passed: false, violations: [], lost: [], problems: [`threw: ${message}`] };
}

/** A small deterministic generator (mulberry32), so a seed replays the same faults. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
