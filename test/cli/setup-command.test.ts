// `node-patch-bot setup` as a person runs it: Probot's manifest flow serves the registration page with the
// App manifest built from app.yml (permissions, events) and refuses a callback without a code. Nothing here
// reaches GitHub: the page only links to it, and no smee channel is made (NO_SMEE_SETUP).
import { type ChildProcess, spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { main } from "../../src/cli/main.js";

const ROOT = join(import.meta.dirname, "../..");
const BIN = join(ROOT, "bin/node-patch-bot.js");
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill();
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function io(env: NodeJS.ProcessEnv = {}, cwd = ROOT) {
  const out = { stdout: "", stderr: "" };
  return {
    out,
    io: {
      stdout: (s: string) => {
        out.stdout += s;
      },
      stderr: (s: string) => {
        out.stderr += s;
      },
      cwd,
      env,
    },
  };
}

describe("node-patch-bot setup", () => {
  it("serves Probot's registration page with the manifest from app.yml", { timeout: 60_000 }, async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [BIN, "setup", "--port", String(port)], {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "pipe"],
      env: { PATH: process.env.PATH, HOST: "127.0.0.1", NO_SMEE_SETUP: "true", LOG_LEVEL: "error" },
    });
    children.push(child);
    let page: Response | undefined;
    while (page === undefined) {
      if (child.exitCode !== null) throw new Error(`setup exited with ${child.exitCode}`);
      page = await fetch(`http://127.0.0.1:${port}/probot`).catch(() => undefined);
      if (page === undefined) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(page.status).toBe(200);
    const html = await page.text();
    // The page's button posts the manifest to GitHub: `<button name="manifest" ... value='{json}'>`, quoted
    // with apostrophes and not escaped, so app.yml must not contain one.
    const value = /name="manifest"[^>]*value='([^']*)'/.exec(html)?.[1] ?? "";
    const manifest = JSON.parse(value);
    const shipped = parse(await readFile(join(ROOT, "app.yml"), "utf8"));
    expect(manifest).toMatchObject({
      name: "node-patch-bot",
      default_permissions: shipped.default_permissions,
      default_events: shipped.default_events,
      redirect_url: `http://127.0.0.1:${port}/probot/setup`,
    });
    expect((await fetch(`http://127.0.0.1:${port}/probot/setup`)).status).toBe(400);
  });

  it("refuses when the App is registered already, or outside the project's directory", async () => {
    const registered = io({ APP_ID: "1", PRIVATE_KEY: "k" });
    expect(await main(["setup"], registered.io)).toBe(1);
    expect(registered.out.stderr).toBe(
      "setup: the App is registered already (APP_ID and a private key are set); `npm start` runs it\n",
    );
    const elsewhere = io({}, "/");
    expect(await main(["setup"], elsewhere.io)).toBe(1);
    expect(elsewhere.out.stderr).toBe(
      "setup: no app.yml in /; run it in the node-patch-bot directory, where app.yml is\n",
    );
    const bad = io();
    expect(await main(["setup", "--port", "web"], bad.io)).toBe(2);
    expect(bad.out.stderr).toMatch(/^--port must be a port number, not "web"\nusage: node-patch-bot setup/);
  });
});
