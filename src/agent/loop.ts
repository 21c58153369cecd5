// The Deployment's main loop: one pass every `intervalMs`, until the signal aborts. A failed pass (GitHub or
// the API server unreachable, a token expired) is logged and retried on the next tick: every pass starts from
// what GitHub and the cluster say, so nothing is lost by skipping one.
import { type AgentDeps, type AgentOptions, type AgentReport, runAgentOnce } from "./run-once.js";

export interface LoopOptions {
  intervalMs: number;
  /** Stops the loop after the current pass (SIGTERM in the Deployment). */
  signal?: AbortSignal;
  /** Waits between passes; resolves early when the signal aborts. Real timers by default. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Sees each pass's report (or error): the CLI logs them, tests count them. */
  onPass?: (outcome: { report: AgentReport } | { error: unknown }) => void;
}

export async function runAgent(deps: AgentDeps, options: AgentOptions, loop: LoopOptions): Promise<void> {
  const sleep = loop.sleep ?? sleepUnlessAborted;
  // A function, not a narrowed property: the signal aborts while a pass awaits.
  const stopped = () => loop.signal?.aborted === true;
  while (!stopped()) {
    try {
      const report = await runAgentOnce(deps, options);
      deps.log.info(
        { sha: report.sha, rollout: report.rollout, written: report.written },
        report.notes.join("\n"),
      );
      loop.onPass?.({ report });
    } catch (error) {
      deps.log.error({ err: error }, "agent pass failed; retrying on the next tick");
      loop.onPass?.({ error });
    }
    if (stopped()) break;
    await sleep(loop.intervalMs, loop.signal);
  }
}

function sleepUnlessAborted(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
