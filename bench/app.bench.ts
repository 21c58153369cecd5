// The app in the sandbox (issue 6): REST calls per phase over whole rollouts, counted by the GitHub stand-in
// (on a 1,000-machine manifest, and the demo's), and webhook-to-pull-request latency on a 1,000-machine
// manifest.
import { performance } from "node:perf_hooks";
import { parseManifest } from "../src/manifest/index.js";
import { demoWorld } from "../src/sandbox/demo.js";
import { DEMO_REQUEST, PATCHED_IMAGE } from "../src/sandbox/demo-files.js";
import { NOT_MODIFIED } from "../src/sandbox/github/dispatch.js";
import { type LocalWorld, type LocalWorldOptions, startLocalWorld } from "../src/sandbox/local-world.js";
import { generateManifest } from "./generate.js";
import { type BenchRow, median } from "./types.js";

const isGit = (key: string) => key.startsWith("GIT ");

function openPulls(world: LocalWorld): number {
  return [...world.github.seed.repo(world.fullName).issues.values()].filter((i) => i.pull !== null).length;
}

interface Rollout {
  world: LocalWorldOptions;
  request: string;
  /** The command that approves it, when the config asks for an approval. */
  approve?: string;
}

/**
 * One rollout from request to completion, the bot merging, the timer ticking every minute: the REST calls the
 * stand-in served per phase. The counters start after the app's first tick, so the app's start-up (its
 * installation listing, its first token) is not counted; the request, approval and closing are.
 */
async function restPerPhase(name: string, rollout: Rollout, target?: string): Promise<BenchRow> {
  const world = await startLocalWorld(rollout.world);
  try {
    await world.step();
    world.github.resetCounters();
    const issue = await world.github.seed.openIssue(world.fullName, "alice", {
      title: "Patch",
      body: rollout.request,
    });
    await world.step();
    if (rollout.approve) world.github.seed.comment(world.fullName, "alice", issue, rollout.approve);
    let steps = 0;
    for (; steps < 500; steps++) {
      await world.advance(60_000);
      if (world.github.seed.repo(world.fullName).issues.get(issue)?.state === "closed") break;
    }
    const all = Object.entries(world.github.counters());
    // GitHub does not count a conditional request answered 304 against the rate limit; neither does this.
    const counts = all.filter(([k]) => !isGit(k) && !k.endsWith(NOT_MODIFIED));
    const sum = (entries: [string, number][]) => entries.reduce((s, [, n]) => s + n, 0);
    const total = sum(counts);
    const notModified = sum(all.filter(([k]) => !isGit(k))) - total;
    const git = sum(all.filter(([k]) => isGit(k)));
    const phases = openPulls(world);
    const perPhase = total / Math.max(1, phases);
    const top = counts
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([k, n]) => `${k} ${n}`)
      .join(", ");
    return {
      name,
      baselineMs: 8,
      subjectMs: perPhase,
      ratio: perPhase / 8,
      ...(target === undefined ? {} : { target }),
      note:
        `${perPhase.toFixed(2)} a phase: ${total} calls (and ${notModified} answered 304), ${git} git ` +
        `requests, ${phases} phases, ${steps + 1} minute ticks; most: ${top}`,
    };
  } finally {
    await world.stop();
  }
}

/** A 1,000-machine cluster patched in place, a tenth of the workers at a time; an OS updater patches drained nodes. */
function largeInPlace(machines = 1000): Rollout {
  const config = "manifestPath: setup/machines.yaml\napprovals:\n  required: 0\nmerge:\n  mode: auto\n";
  return {
    world: {
      manifestPath: "setup/machines.yaml",
      files: { "setup/machines.yaml": generateManifest(machines), ".github/node-patch-bot.yml": config },
      setupCluster: (sim) => {
        // generateManifest's workers are worker-3 and up (three masters first).
        for (let i = 3; i < machines; i++) sim.patchWhenDisrupted(`worker-${i}`, PATCHED_IMAGE);
      },
    },
    request: `\`\`\`yaml\nstrategy: in-place\nmachines:\n  role: worker\nmaxUnavailable: 10%\ntarget:\n  kernelVersion: ${PATCHED_IMAGE.kernelVersion}\n\`\`\`\n`,
  };
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
  return [
    await restPerPhase(
      "REST calls per phase, 1,000 machines in place (a count)",
      largeInPlace(),
      "≤ 8 (ratio ≤ 1)",
    ),
    // The demo's replace rollout: 6 phases, so its request, approval and closing weigh more per phase.
    await restPerPhase("REST calls per phase, the demo's 6 phases (a count)", {
      world: demoWorld(),
      request: DEMO_REQUEST,
      approve: "/patch approve",
    }),
    await webhookToPull(),
  ];
}
