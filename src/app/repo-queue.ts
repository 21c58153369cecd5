// One repository's flows run one after another in this process. GitHub stops waiting for a webhook after ten
// seconds while Probot keeps running its handler, so without this a slow handler (a push of a large manifest,
// a drain) and the next timer tick would reconcile the same rollout at once, each from the dashboard as it
// was before the other wrote it: the later write would undo the earlier one (an approval lost, a pull
// request just opened taken for someone else's). Replicas can still overlap, which every write tolerates;
// within one process nothing has to. Only coordination, no state: a restart loses nothing.

export interface RepoQueue {
  /** Runs `work` once every flow queued before it for `key` has finished (or waited `maxWaitMs`). */
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
}

/** `maxWaitMs`: a flow that hangs must not stop the repository's rollouts, so the next one waits at most this long. */
export function createRepoQueue(maxWaitMs = 120_000): RepoQueue {
  const tails = new Map<string, Promise<void>>();
  return {
    run(key, work) {
      const before = tails.get(key);
      const ready = before === undefined ? Promise.resolve() : waitAtMost(before, maxWaitMs);
      const result = ready.then(work);
      const tail = result.then(
        () => undefined,
        () => undefined,
      );
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
  };
}

function waitAtMost(before: Promise<void>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    void before.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** The queue key of a repository: GitHub's names are case-insensitive. */
export function repoKey(owner: string, repo: string): string {
  return `${owner}/${repo}`.toLowerCase();
}
