// `npm start` without GitHub App credentials: a whole rollout in the local world, told as a timeline. A
// platform team's repository (the upstream footloose manifest plus a pool of spares) gets a patch request
// issue; a maintainer approves it; the bot stages the replacement of the worker phase by phase, each
// merged only after the cluster shows the previous one converged.
import { execFileSync } from "node:child_process";
import { mkdir, rm } from "node:fs/promises";
import { resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { createGit } from "../github/git.js";
import { DEMO_CONFIG, DEMO_MANIFEST, DEMO_POOL, DEMO_REQUEST, PATCHED_IMAGE } from "./demo-files.js";
import type { WebhookDelivery } from "./github/index.js";
import { type LocalWorld, type LocalWorldOptions, startLocalWorld } from "./local-world.js";

export interface DemoOptions {
  /** Stay up after the rollout, so a person can add requests with curl or the CLI. */
  keep: boolean;
  /** Where the repository's history is cloned for inspection. */
  cloneDir: string;
  out: (line: string) => void;
  /** Simulated seconds per step. */
  stepSeconds?: number;
  /** Ends `keep`'s ticking (the CLI aborts it on Ctrl-C); the world is then stopped as after a plain run. */
  signal?: AbortSignal;
}

/** The demo's repository and cluster: the manifest, a pool of patched spares, a web service with a budget. */
export function demoWorld(): LocalWorldOptions {
  return {
    manifestPath: "setup/machines.yaml",
    files: {
      "setup/machines.yaml": DEMO_MANIFEST,
      "setup/pool.yaml": DEMO_POOL,
      ".github/node-patch-bot.yml": DEMO_CONFIG,
    },
    users: { alice: "admin", bob: "read" },
    setupCluster: (sim) => {
      // The spares boot the patched base image; the request's target says so, and the add gate checks it.
      for (const address of ["172.17.0.6", "172.17.0.7"]) sim.setImage(address, PATCHED_IMAGE);
      sim.addDeployment({ namespace: "shop", name: "web", replicas: 3, labels: { app: "web" } });
      sim.addPdb({
        namespace: "shop",
        name: "web",
        minAvailable: 2,
        selector: { matchLabels: { app: "web" } },
      });
    },
  };
}

export async function runDemo(options: DemoOptions): Promise<number> {
  const out = options.out;
  const world = await startLocalWorld(demoWorld());
  const start = world.sim.clock.now();
  const stamp = () => {
    const s = Math.round((world.sim.clock.now() - start) / 1000);
    return `[+${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}]`;
  };
  const unsubscribe = world.github.webhooks.subscribe((d) => {
    const line = describeDelivery(d);
    if (line) out(`${stamp()} ${line}`);
  });
  try {
    out(
      `GitHub stand-in at ${world.github.url}, repository ${world.fullName}; simulated cluster with ${world.sim.nodes().length} Ready nodes.`,
    );
    out(
      `${stamp()} alice opens a patch request issue: replace the workers from the pool (CVE fix in the base image)`,
    );
    const issue = await world.github.seed.openIssue(world.fullName, "alice", {
      title: "Patch workers: CVE-2026-0001",
      body: DEMO_REQUEST,
    });
    await world.step();
    out(`${stamp()} bob (read access) tries to approve`);
    world.github.seed.comment(world.fullName, "bob", issue, "/patch approve");
    await world.step();
    out(`${stamp()} alice approves`);
    world.github.seed.comment(world.fullName, "alice", issue, "/patch approve");
    const done = await runUntilClosed(world, issue, options.stepSeconds ?? 15);
    out(
      done
        ? `${stamp()} rollout complete.`
        : `${stamp()} the rollout did not finish in the time the demo allows.`,
    );
    out(
      `Nodes now: ${world.sim
        .nodes()
        .map((n) => `${n.metadata?.name} (kernel ${n.status?.nodeInfo?.kernelVersion})`)
        .join(", ")}`,
    );
    await cloneForInspection(world, options.cloneDir);
    out(
      `The repository's history is cloned to ${options.cloneDir}: git -C ${options.cloneDir} log --graph --oneline`,
    );
    out(
      execFileSync("git", ["-C", options.cloneDir, "log", "--graph", "--oneline"], {
        encoding: "utf8",
      }).trimEnd(),
    );
    if (options.keep) {
      out(`Staying up (--keep). Token for curl: ${world.github.seed.userToken("alice")}; e.g.`);
      out(`  curl -H "Authorization: token <token>" ${world.github.url}/repos/${world.fullName}/issues`);
      out("Press Ctrl-C to stop.");
      await keepTicking(world, options.signal);
    }
    return done ? 0 : 1;
  } finally {
    unsubscribe();
    await world.stop();
  }
}

async function runUntilClosed(world: LocalWorld, issue: number, stepSeconds: number): Promise<boolean> {
  for (let i = 0; i < 400; i++) {
    await world.advance(stepSeconds * 1000);
    const state = world.github.seed.repo(world.fullName).issues.get(issue)?.state;
    if (state === "closed") return true;
  }
  return false;
}

async function keepTicking(world: LocalWorld, signal: AbortSignal | undefined): Promise<void> {
  // Real time from here on: one step every two seconds, simulated time 30x faster.
  const aborted = () => signal?.aborted === true;
  while (!aborted()) {
    await sleep(2000, undefined, signal ? { signal } : {}).catch(() => undefined);
    if (aborted()) return;
    await world.advance(60_000);
  }
}

async function cloneForInspection(world: LocalWorld, dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(resolve(dir, ".."), { recursive: true });
  await createGit(process.cwd()).clone(world.github.seed.repo(world.fullName).dir, dir);
}

function describeDelivery(d: WebhookDelivery): string | undefined {
  const p = d.payload as Record<string, Record<string, unknown> | undefined>;
  const pr = p.pull_request;
  const who = String(p.sender?.login ?? "");
  if (d.event === "pull_request" && pr && d.action === "opened")
    return `PR #${pr.number} opened: ${String(pr.title)}`;
  if (d.event === "pull_request" && pr && d.action === "closed")
    return `PR #${pr.number} ${pr.merged ? `merged by ${who}` : "closed"}`;
  if (d.event === "check_run" && p.check_run?.conclusion)
    return `check ${String(p.check_run.name)}: ${String(p.check_run.conclusion)} (${String((p.check_run.output as Record<string, unknown> | undefined)?.title ?? "")})`;
  if (d.event === "issue_comment" && d.action === "created" && who.endsWith("[bot]")) {
    const body = String(p.comment?.body ?? "");
    if (body.startsWith("<!-- node-patch-bot:dashboard -->"))
      return `the bot posts the plan on issue #${p.issue?.number}: ${headline(body)}`;
    return `the bot replies on #${p.issue?.number}: ${body.split("\n")[0]}`;
  }
  if (d.event === "issue_comment" && d.action === "edited" && who.endsWith("[bot]"))
    return `dashboard: ${headline(String(p.comment?.body ?? ""))}`;
  if (d.event === "issues" && d.action === "closed") return `issue #${p.issue?.number} closed`;
  return undefined;
}

function headline(dashboard: string): string {
  return (
    dashboard
      .split("\n")
      .find((l) => l.startsWith("> "))
      ?.slice(2) ?? ""
  );
}
