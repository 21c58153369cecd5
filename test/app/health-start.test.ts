// `node-patch-bot start` with App credentials, as the Docker image's CMD runs it: the real process serves
// /healthz and /metrics (the wiring in start-command.ts), on loopback only. GitHub Enterprise is pointed at a
// closed loopback port so that nothing, not even the minute timer, can reach beyond 127.0.0.1.
import { type ChildProcess, spawn } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const BIN = join(import.meta.dirname, "../../bin/node-patch-bot.js");
const children: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) child.kill();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Resolves with the first answer from `url`, retrying while the process is still starting (tsx compiles first). */
async function firstAnswer(url: string, child: ChildProcess): Promise<Response> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the App exited with ${child.exitCode}`);
    try {
      return await fetch(url);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

describe("node-patch-bot start with App credentials", () => {
  it("serves /healthz and /metrics next to Probot's webhook route", { timeout: 60_000 }, async () => {
    const { privateKey } = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      privateKeyEncoding: { type: "pkcs1", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    });
    const port = await freePort();
    const cwd = await mkdtemp(join(tmpdir(), "npb-start-"));
    dirs.push(cwd);
    let stderr = "";
    const child = spawn(process.execPath, [BIN, "start"], {
      cwd,
      stdio: ["ignore", "ignore", "pipe"],
      env: {
        PATH: process.env.PATH,
        APP_ID: "1",
        PRIVATE_KEY: privateKey,
        WEBHOOK_SECRET: "secret",
        NODE_PATCH_BOT_MODE: "agent",
        NODE_PATCH_BOT_WORK_DIR: cwd,
        HOST: "127.0.0.1",
        PORT: String(port),
        GHE_HOST: "127.0.0.1:9",
        GHE_PROTOCOL: "http",
        LOG_LEVEL: "error",
      },
    });
    children.push(child);
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });

    const health = await firstAnswer(`http://127.0.0.1:${port}/healthz`, child);
    expect([health.status, await health.text()], stderr).toEqual([200, "ok\n"]);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toContain("# TYPE node_patch_bot_phases_opened_total counter");
    expect(metrics).toContain("process_cpu_user_seconds_total");
    // Probot's own routes are still there.
    expect((await fetch(`http://127.0.0.1:${port}/ping`)).status).toBe(200);
  });
});
