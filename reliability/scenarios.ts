// The named scenarios `npm run reliability` and the CI test run. `small` is the CI size: every scenario once,
// on a one-worker rollout, with a few crash points sampled; the full size runs every crash point and more seeds.
import { badInput } from "./bad-input.js";
import { BAD_INPUTS } from "./bad-input-corpus.js";
import { CI_KILL_POINTS, crashAtK, NAMED_KILL_POINTS } from "./crash.js";
import { DISTURBANCES, type Disturbance, runDisturbance } from "./disturbances.js";
import { driveRollout, type EndState, type RolloutFixture } from "./drive.js";
import { githubErrors, webhookChaos } from "./faults.js";
import { crashed, type RunResult } from "./outcome.js";
import { secrets } from "./secrets.js";
import { signatures } from "./signatures.js";

export interface ScenarioOptions {
  small: boolean;
  /** Seeds per randomized scenario (webhooks, github-errors); 1 when small, 5 otherwise by default. */
  seeds?: number;
  /** Crash points (k-th write) for crash-at-k; all of them (full) or the named points (small) by default. */
  ks?: readonly number[];
  /** With `small`: crash at every named point (a dashboard edit, a reaction, a push, a pull request, ...). */
  named?: boolean;
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

const seedsOf = (o: ScenarioOptions) => Array.from({ length: o.seeds ?? (o.small ? 1 : 5) }, (_, i) => i + 1);

export const SCENARIOS: readonly Scenario[] = [
  {
    name: "crash-at-k",
    about: "the app killed after its k-th write to GitHub or the cluster, then restarted",
    run: (o) =>
      crashAtK({
        fixture: ONE_WORKER,
        ...(o.ks ? { points: o.ks.map((k) => ({ label: `k=${k}`, nth: k })) } : {}),
        ...(o.small && !o.ks ? { points: o.named ? NAMED_KILL_POINTS : CI_KILL_POINTS } : {}),
      }),
  },
  {
    name: "webhooks",
    about: "deliveries duplicated, delayed and reordered, two replicas, everything redelivered at the end",
    async *run(o) {
      const fixture = o.small ? ONE_WORKER : TWO_WORKERS;
      const reference = await referenceOrError(o, fixture);
      if ("error" in reference) yield crashed("webhooks", "undisturbed run", reference.error);
      else yield* webhookChaos({ fixture, seeds: seedsOf(o), reference: reference.end });
    },
  },
  {
    name: "github-errors",
    about: "5xx, 403 secondary rate limit and 429 with retry-after, dropped connections on random calls",
    async *run(o) {
      const fixture = o.small ? ONE_WORKER : TWO_WORKERS;
      const reference = await referenceOrError(o, fixture);
      if ("error" in reference) yield crashed("github-errors", "undisturbed run", reference.error);
      else
        yield* githubErrors({
          fixture,
          seeds: seedsOf(o),
          reference: reference.end,
          maxSteps: o.small ? 20 : 30,
        });
    },
  },
  {
    name: "cluster-faults",
    about:
      "API server errors, a flapping node, a node never Ready, a budget never allowing eviction, a Node deleted by hand",
    run: (o) => disturbed(o, "cluster-faults"),
  },
  {
    name: "push-races",
    about:
      "the default branch moved, a person's edit of a planned machine, a phase closed or pushed to by a person",
    run: (o) => disturbed(o, "push-races"),
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

/** Each disturbance of the scenario once, on the one-worker rollout (the same at every size). */
async function* disturbed(o: ScenarioOptions, scenario: Disturbance["scenario"]): AsyncGenerator<RunResult> {
  const reference = await referenceOrError(o, ONE_WORKER);
  for (const d of DISTURBANCES.filter((x) => x.scenario === scenario)) {
    if ("error" in reference) yield crashed(scenario, d.name, reference.error);
    else yield await runDisturbance(d, ONE_WORKER, reference.end);
  }
}

const referenceOrError = (o: ScenarioOptions, f: RolloutFixture) =>
  o.reference(f).then(
    (end) => ({ end }),
    (error: unknown) => ({ error }),
  );

/** Undisturbed runs, each computed once. */
export function referenceRuns(): ScenarioOptions["reference"] {
  const runs = new Map<string, Promise<EndState>>();
  return (fixture) => {
    const key = JSON.stringify(fixture);
    let run = runs.get(key);
    if (run === undefined) {
      run = driveRollout(fixture).then((r) => {
        if (!r.end.closed)
          throw new Error(
            `the undisturbed run of ${key} did not complete in ${r.steps} steps\n${r.stuck ?? ""}`,
          );
        return r.end;
      });
      runs.set(key, run);
    }
    return run;
  };
}
