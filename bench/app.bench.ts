// The app in the sandbox (issue 6): REST calls per phase over a whole rollout, counted by the GitHub stand-in,
// and webhook-to-pull-request latency on a 1,000-machine manifest.
import { performance } from "node:perf_hooks";
import { parseManifest } from "../src/manifest/index.js";
import { demoWorld } from "../src/sandbox/demo.js";
import { DEMO_REQUEST } from "../src/sandbox/demo-files.js";
import { NOT_MODIFIED } from "../src/sandbox/github/dispatch.js";
import { type LocalWorld, startLocalWorld } from "../src/sandbox/local-world.js";
import { generateManifest } from "./generate.js";
import { type BenchRow, median } from "./types.js";

const isRest = (key: string) => !key.startsWith("GIT ");

function openPulls(world: LocalWorld): number {
  return [...world.github.seed.repo(world.fullName).issues.values()].filter((i) => i.pull !== null).length;
}

/** The demo's replace rollout (6 phases, the bot merging) from request to completion; REST calls per phase. */
async function restPerPhase(): Promise<BenchRow> {
  const world = await startLocalWorld(demoWorld());
  try {
    world.github.resetCounters();
    const issue = await world.github.seed.openIssue(world.fullName, "alice", {
      title: "Patch",
      body: DEMO_REQUEST,
    });
    await world.step();
    world.github.seed.comment(world.fullName, "alice", issue, "/patch approve");
    let steps = 0;
    for (; steps < 200; steps++) {
      await world.advance(60_000);
      if (world.github.seed.repo(world.fullName).issues.get(issue)?.state === "closed") break;
    }
    const all = Object.entries(world.github.counters()).filter(([k]) => isRest(k));
    // GitHub does not count a conditional request answered 304 against the rate limit; neither does this.
    const counts = all.filter(([k]) => !k.endsWith(NOT_MODIFIED));
    const notModified = all.filter(([k]) => k.endsWith(NOT_MODIFIED)).reduce((s, [, n]) => s + n, 0);
    const total = counts.reduce((s, [, n]) => s + n, 0);
    const phases = openPulls(world);
    const perPhase = total / Math.max(1, phases);
    const top = counts
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([k, n]) => `${k} ${n}`)
      .join(", ");
    return {
      name: "REST calls per phase (a count, not ms)",
      baselineMs: 8,
      subjectMs: perPhase,
      ratio: perPhase / 8,
      target: "≤ 8 (ratio ≤ 1)",
      note: `${total} calls (and ${notModified} answered 304 Not Modified), ${phases} phases, ${steps + 1} minute ticks; most: ${top}`,
    };
  } finally {
    await world.stop();
  }
}

/** Issue webhook delivered -> first phase pull request open, for `requests` requests on a 1,000-machine manifest. */
async function webhookToPull(requests = 5): Promise<BenchRow> {
  const manifest = generateManifest(1000);
  const config = "manifestPath: setup/machines.yaml\napprovals:\n  required: 0\nmerge:\n  mode: manual\n";
  const world = await startLocalWorld({
    manifestPath: "setup/machines.yaml",
    files: { "setup/machines.yaml": manifest, ".github/node-patch-bot.yml": config },
  });
  try {
    const baselines: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      parseManifest(manifest, { file: "setup/machines.yaml" });
      baselines.push(performance.now() - t);
    }
    const latencies: number[] = [];
    for (let i = 0; i < requests; i++) {
      const before = openPulls(world);
      const body = `\`\`\`yaml\nstrategy: in-place\nmachines:\n  role: worker\nmaxUnavailable: 10%\ntarget:\n  kernelVersion: 5.4.0-${150 + i}-generic\n\`\`\`\n`;
      const issue = await world.github.seed.openIssue(world.fullName, "alice", { title: `Patch ${i}`, body });
      const t = performance.now();
      await world.github.webhooks.flush();
      while (openPulls(world) === before && performance.now() - t < 60_000)
        await new Promise((r) => setTimeout(r, 5));
      latencies.push(performance.now() - t);
      // Cancel it, so the next request is not queued behind it.
      world.github.seed.comment(world.fullName, "alice", issue, "/patch cancel");
      await world.step();
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    const p95 = sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] ?? Number.NaN;
    const baselineMs = median(baselines);
    return {
      name: "issue webhook -> first phase PR, 1,000 machines (p95)",
      baselineMs,
      subjectMs: p95,
      ratio: p95 / baselineMs,
      target: "p95 ≤ 2000 ms",
      note: `${requests} requests, median ${median(latencies).toFixed(0)} ms; baseline: parse the manifest once`,
    };
  } finally {
    await world.stop();
  }
}

export async function benchApp(): Promise<BenchRow[]> {
  return [await restPerPhase(), await webhookToPull()];
}
