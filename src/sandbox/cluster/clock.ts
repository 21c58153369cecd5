// A simulated clock: time only moves when a test (or the demo) advances it, and advancing runs every event
// that falls due, in time order. Nothing here uses real timers, so hours of cluster behaviour take milliseconds.

export interface SimClock {
  /** Milliseconds since the epoch, simulated. */
  now(): number;
  /** Moves time forward by `ms`, running due events (including those they schedule) in order. */
  advance(ms: number): void;
  /** Runs `run` once the clock reaches `now() + delayMs`. Returns a function that cancels it. */
  schedule(delayMs: number, run: () => void): () => void;
  /**
   * A `sleep` for code under test that waits on time (drain backoff): it advances the clock itself, so a
   * caller sleeping on simulated time makes the simulated world move on. Resolves on a later microtask.
   */
  sleep(ms: number): Promise<void>;
  /** Number of events not yet run. */
  pending(): number;
}

interface SimEvent {
  at: number;
  seq: number;
  run: () => void;
  cancelled: boolean;
}

export const DEFAULT_SIM_START = Date.parse("2026-01-05T09:00:00Z");

export function createSimClock(startMs: number = DEFAULT_SIM_START): SimClock {
  let current = startMs;
  let seq = 0;
  const events: SimEvent[] = [];

  const nextDue = (limit: number): SimEvent | undefined => {
    let best: SimEvent | undefined;
    for (const event of events) {
      if (event.cancelled || event.at > limit) continue;
      if (best === undefined || event.at < best.at || (event.at === best.at && event.seq < best.seq))
        best = event;
    }
    return best;
  };

  const clock: SimClock = {
    now: () => current,
    advance(ms) {
      if (!(ms >= 0)) throw new RangeError(`cannot advance the clock by ${ms} ms`);
      const target = current + ms;
      for (let event = nextDue(target); event !== undefined; event = nextDue(target)) {
        events.splice(events.indexOf(event), 1);
        current = Math.max(current, event.at);
        event.run();
      }
      current = target;
    },
    schedule(delayMs, run) {
      const event: SimEvent = { at: current + Math.max(0, delayMs), seq: seq++, run, cancelled: false };
      events.push(event);
      return () => {
        event.cancelled = true;
        const index = events.indexOf(event);
        if (index >= 0) events.splice(index, 1);
      };
    },
    async sleep(ms) {
      await Promise.resolve();
      clock.advance(ms);
    },
    pending: () => events.filter((e) => !e.cancelled).length,
  };
  return clock;
}
