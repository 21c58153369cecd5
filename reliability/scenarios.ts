// The named scenarios `npm run reliability` and the CI test run. `small` is the CI size: every scenario once,
// on a one-worker rollout, with a few crash points sampled; the full size runs every crash point and more seeds.
import { badInput } from "./bad-input.js";
import { BAD_INPUTS } from "./bad-input-corpus.js";
import { crashAtK } from "./crash.js";
import { driveRollout, type EndState, type RolloutFixture } from "./drive.js";
import { githubErrors, webhookChaos } from "./faults.js";
import type { RunResult } from "./outcome.js";
import { secrets } from "./secrets.js";
import { signatures } from "./signatures.js";

export interface ScenarioOptions {
  small: boolean;
  /** Seeds per randomized scenario (webhooks, github-errors); 1 when small, 5 otherwise by default. */
  seeds?: number;
  /** Crash points for crash-at-k; all of them (full) or a sample (small) by default. */
  ks?: readonly number[];
  /** The undisturbed run's end state per fixture, computed once and shared by the scenarios. */
  reference: (fixture: RolloutFixture) => Promise<EndState>;
}

export interface Scenario {
  name: string;
  about: string;
  run(options: ScenarioOptions): AsyncGenerator<RunResult>;
}

const ONE_WORKER: RolloutFixture = { workers: ["worker-1"], maxUnavailable: 1 };
const TWO_WORKERS: RolloutFixture = { workers: ["worker-1", "worker-2"], maxUnavailable: 1 };
/** Crash points sampled for CI: a comment edit before approval, a git push, a cluster write, a merge. */
export const SMALL_KS = [3, 5, 13, 26] as const;

const seedsOf = (o: ScenarioOptions) => Array.from({ length: o.seeds ?? (o.small ? 1 : 5) }, (_, i) => i + 1);

export const SCENARIOS: readonly Scenario[] = [
  {
    name: "crash-at-k",
    about: "the app killed after its k-th write to GitHub or the cluster, then restarted",
    run: (o) => crashAtK({ fixture: ONE_WORKER, ...(o.ks ? { ks: o.ks } : o.small ? { ks: SMALL_KS } : {}) }),
  },
  {
    name: "webhooks",
    about: "deliveries duplicated, delayed and reordered, two replicas, everything redelivered at the end",
    async *run(o) {
      const fixture = o.small ? ONE_WORKER : TWO_WORKERS;
      yield* webhookChaos({ fixture, seeds: seedsOf(o), reference: await o.reference(fixture) });
    },
  },
  {
    name: "github-errors",
    about: "5xx, 403 secondary rate limit and 429 with retry-after, dropped connections on random calls",
    async *run(o) {
      const fixture = o.small ? ONE_WORKER : TWO_WORKERS;
      yield* githubErrors({ fixture, seeds: seedsOf(o), reference: await o.reference(fixture) });
    },
  },
  {
    name: "bad-input",
    about: "hostile and malformed requests and manifests: the exact reply, nothing written",
    run: () => badInput(BAD_INPUTS),
  },
  {
    name: "secrets",
    about: "no credential in logs, errors, comments or commits",
    run: () => secrets(ONE_WORKER),
  },
  {
    name: "signatures",
    about: "missing or bad webhook signatures refused with 4xx over HTTP",
    run: () => signatures(ONE_WORKER),
  },
];

/** Undisturbed runs, each computed once. */
export function referenceRuns(): ScenarioOptions["reference"] {
  const runs = new Map<string, Promise<EndState>>();
  return (fixture) => {
    const key = JSON.stringify(fixture);
    let run = runs.get(key);
    if (run === undefined) {
      run = driveRollout(fixture).then((r) => {
        if (!r.end.closed) throw new Error(`the undisturbed run of ${key} did not complete`);
        return r.end;
      });
      runs.set(key, run);
    }
    return run;
  };
}
