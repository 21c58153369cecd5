// The reliability scenarios at CI size (`npm run reliability` runs them in full): every scenario once, on a
// one-worker rollout, with a few crash points sampled. Each run must keep every safety rule, lose nothing and
// end as the undisturbed run did (or, for a fault that must stop it, hold with the exact reason).
import { describe, expect, it } from "vitest";
import type { RunResult } from "../../reliability/outcome.js";
import { referenceRuns, SCENARIOS } from "../../reliability/scenarios.js";

const options = { small: true, reference: referenceRuns() };

async function runScenario(name: string): Promise<RunResult[]> {
  const scenario = SCENARIOS.find((s) => s.name === name);
  if (scenario === undefined) throw new Error(`no scenario ${name}`);
  const results: RunResult[] = [];
  for await (const r of scenario.run(options)) results.push(r);
  return results;
}

/** What a failed run says, so a failure reads as the broken rule rather than `false`. */
const failuresOf = (results: RunResult[]) =>
  results
    .filter((r) => !r.passed)
    .map((r) => `${r.label}: ${[...r.violations, ...r.lost, ...r.problems].join("; ")}`);

describe("reliability at CI size", { timeout: 600_000 }, () => {
  it("crash-at-k: killed after a sampled write and restarted, the rollout ends as the undisturbed one did", async () => {
    const results = await runScenario("crash-at-k");
    expect(results.map((r) => r.label)).toEqual([
      "after posting the dashboard",
      "after the reaction to /patch approve",
      "after the first git push",
      "after the first eviction",
    ]);
    expect(failuresOf(results)).toEqual([]);
  });

  it("webhooks: duplicated, delayed and reordered deliveries to two replicas change nothing", async () => {
    expect(failuresOf(await runScenario("webhooks"))).toEqual([]);
  });

  it("github errors: 5xx, rate limits and dropped connections on random calls are ridden out to the same end", async () => {
    const results = await runScenario("github-errors");
    expect(results.map((r) => r.label)).toEqual(["seed=1"]);
    expect(failuresOf(results)).toEqual([]);
  });

  it("cluster faults: errors and flapping are ridden out; a node never back, a budget never yielding, a Node deleted by hand hold the rollout with the reason", async () => {
    const results = await runScenario("cluster-faults");
    expect(results.map((r) => r.label)).toEqual([
      "API server errors (500s on nodes, 429s on evictions)",
      "a node flapping Ready/NotReady while it is patched",
      "a node that never comes back Ready after its reboot",
      "a PodDisruptionBudget that never allows an eviction",
      "a drained Node deleted by hand mid-rollout",
    ]);
    expect(failuresOf(results)).toEqual([]);
  });

  it("push races: an unrelated push is built on; a person's edit, close or push holds the rollout and is kept", async () => {
    const results = await runScenario("push-races");
    expect(results).toHaveLength(4);
    expect(failuresOf(results)).toEqual([]);
  });

  it("bad input: every corpus entry gets its exact reply and nothing is written", async () => {
    const results = await runScenario("bad-input");
    expect(results).toHaveLength(16);
    expect(failuresOf(results)).toEqual([]);
  });

  it("secrets: no credential appears in logs, comments, issues or commits", async () => {
    expect(failuresOf(await runScenario("secrets"))).toEqual([]);
  });

  it("signatures: missing, wrong, foreign and malformed signatures get 4xx and change nothing", async () => {
    const results = await runScenario("signatures");
    expect(results.map((r) => r.label)).toEqual([
      "missing signature: 400",
      "wrong signature: 400",
      "signed with another secret: 400",
      "malformed signature: 400",
      "valid signature (control): 200",
    ]);
    expect(failuresOf(results)).toEqual([]);
  });
});
