// The local world's app talks to the stand-in the way the world says it does: no client-side throttling or
// retries (Probot's own throttle options would otherwise switch them back on and space writes a second apart).
import { afterEach, describe, expect, it } from "vitest";
import { DEMO_MANIFEST } from "../../src/sandbox/demo-files.js";
import { type LocalWorld, startLocalWorld } from "../../src/sandbox/local-world.js";

let world: LocalWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

describe("the local world's app", { timeout: 60_000 }, () => {
  it("neither throttles nor retries: a rate-limited request fails at once, asked once", async () => {
    const w = await startLocalWorld({
      manifestPath: "setup/machines.yaml",
      files: { "setup/machines.yaml": DEMO_MANIFEST },
    });
    world = w;
    const [owner = "", repo = ""] = w.fullName.split("/");
    const octokit = await w.probot.auth(w.github.seed.installationId(owner));
    w.github.resetCounters();
    // Throttling would wait for the reset and ask again (and succeed); retries would ask again on a 5xx.
    w.github.injectFault({ kind: "rate-limit", path: "/repos/{owner}/{repo}/issues", retryAfterSeconds: 1 });
    w.github.injectFault({ kind: "server-error", path: "/repos/{owner}/{repo}/labels" });
    await expect(octokit.rest.issues.listForRepo({ owner, repo })).rejects.toMatchObject({ status: 429 });
    await expect(octokit.rest.issues.listLabelsForRepo({ owner, repo })).rejects.toMatchObject({
      status: 502,
    });
    expect(w.github.counters()).toMatchObject({
      "GET /repos/{owner}/{repo}/issues": 1,
      "GET /repos/{owner}/{repo}/labels": 1,
    });
  });
});
