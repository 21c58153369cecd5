// `npm start -- --keep`: after the demo rollout the local world stays up, ticking in real time, and a person
// opens a new request with curl using the token it prints; the bot plans it. Aborting (Ctrl-C in the CLI)
// ends the demo with its exit code and stops the world.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { runDemo } from "../../src/sandbox/demo.js";

const REQUEST = [
  "```yaml",
  "strategy: in-place",
  "machines:",
  "  names: [worker-3]",
  "maxUnavailable: 1",
  "target:",
  "  kernelVersion: 3.10.0-1160.200.1.el7.x86_64",
  "```",
  "",
].join("\n");

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  for (let i = 0; i < 120; i++) {
    const found = await probe();
    if (found !== undefined) return found;
    await sleep(250);
  }
  throw new Error(`${what}: not seen within 30 s`);
}

describe("npm start -- --keep", { timeout: 600_000 }, () => {
  it("stays up after the demo, and a request opened with curl and the printed token is planned", async () => {
    const lines: string[] = [];
    const stop = new AbortController();
    const cloneDir = join(await mkdtemp(join(tmpdir(), "npb-keep-")), "cluster");
    const running = runDemo({ keep: true, cloneDir, out: (l) => lines.push(l), signal: stop.signal });

    const staying = await until("the token line", () => lines.find((l) => l.startsWith("Staying up")));
    const token = /Token for curl: (\S+);/.exec(staying)?.[1];
    const example = lines.find((l) => l.includes("curl -H"));
    const issuesUrl = /(http:\/\/127\.0\.0\.1:\d+\/repos\/[^/]+\/[^/]+\/issues)/.exec(example ?? "")?.[1];
    expect(lines).toContain("Press Ctrl-C to stop.");
    if (token === undefined || issuesUrl === undefined) throw new Error(`no token or URL in: ${staying}`);
    const headers = { authorization: `token ${token}`, "content-type": "application/json" };

    const created = await fetch(issuesUrl, {
      method: "POST",
      headers,
      body: JSON.stringify({ title: "Kernel on worker-3", body: REQUEST }),
    });
    expect(created.status).toBe(201);
    const { number } = (await created.json()) as { number: number };

    // The world keeps ticking: the issue's webhook reaches the app, which posts the plan on it.
    const dashboard = await until("the plan on the new issue", async () => {
      const res = await fetch(`${issuesUrl}/${number}/comments`, { headers });
      const comments = (await res.json()) as { body: string }[];
      return comments.find((c) => c.body.startsWith("<!-- node-patch-bot:dashboard -->"))?.body;
    });
    expect(dashboard).toContain("**Status:** 🟡 awaiting approval · 0/2 phases merged · strategy `in-place`");
    // ...and the timeline goes on telling what happens.
    expect(lines.map((l) => l.replace(/^\[\+\d\d:\d\d\] /, ""))).toContain(
      `the bot posts the plan on issue #${number}: Waiting for approval: comment \`/patch approve\` to start.`,
    );

    stop.abort();
    expect(await running).toBe(0);
    // Stopped: the stand-in no longer answers.
    await expect(fetch(issuesUrl, { headers })).rejects.toThrow();
  });
});
