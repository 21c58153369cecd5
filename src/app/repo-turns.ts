// One flow at a time per repository inside this process. A webhook and the minute timer (or two webhooks
// arriving together) would otherwise read a rollout's dashboard, act, and write it back over each other: the
// later write drops what the earlier one recorded (an approval, a hold). Replicas are kept apart by the
// dashboard's own compare-before-write (service/tracking.ts); this makes the common case, one replica,
// simply sequential. Kept per App instance, never module-level.

export interface RepoTurns {
  /** The last piece of work queued for each repository (`owner/repo`, lower case). */
  tails: Map<string, Promise<unknown>>;
}

export function createRepoTurns(): RepoTurns {
  return { tails: new Map() };
}

/** Runs `work` after everything queued before it for `repository`, whatever that work's outcome. */
export async function inRepoTurn<T>(
  turns: RepoTurns | undefined,
  repository: string,
  work: () => Promise<T>,
): Promise<T> {
  if (turns === undefined) return work();
  const key = repository.toLowerCase();
  const before = turns.tails.get(key) ?? Promise.resolve();
  const run = before.then(work, work);
  const tail = run.then(
    () => undefined,
    () => undefined,
  );
  turns.tails.set(key, tail);
  try {
    return await run;
  } finally {
    // The map holds only repositories with work in flight.
    if (turns.tails.get(key) === tail) turns.tails.delete(key);
  }
}
