// Structured logs: every line a rollout's flow writes names the rollout (and, while it acts, the phase), so
// one rollout's story can be filtered out of the app's log.
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { demoWorld } from "../../src/sandbox/demo.js";
import { DEMO_REQUEST } from "../../src/sandbox/demo-files.js";
import { type LocalWorld, startLocalWorld } from "../../src/sandbox/local-world.js";
import type { FlowDeps } from "../../src/service/deps.js";
import { withLogFields } from "../../src/service/reconcile.js";

let world: LocalWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

describe("withLogFields", () => {
  it("binds fields to every line of a pino logger, once each", () => {
    const lines: string[] = [];
    const log = pino({ level: "info" }, { write: (l: string) => void lines.push(l) });
    const deps = withLogFields(withLogFields({ log }, { rollout: "abc" }), { phase: 2 });
    deps.log.info({ issue: 7 }, "opened");
    deps.log.warn({}, "slow");
    expect(lines.map((l) => JSON.parse(l))).toMatchObject([
      { rollout: "abc", phase: 2, issue: 7, msg: "opened" },
      { rollout: "abc", phase: 2, msg: "slow" },
    ]);
    expect(lines[0]?.match(/"rollout"/g)).toHaveLength(1);
  });

  it("wraps a logger without child loggers", () => {
    const seen: [string, Record<string, unknown>, string][] = [];
    const plain: FlowDeps["log"] = {
      info: (f, m) => void seen.push(["info", f, m]),
      warn: (f, m) => void seen.push(["warn", f, m]),
      error: (f, m) => void seen.push(["error", f, m]),
    };
    const { log } = withLogFields({ log: plain }, { rollout: "abc" });
    log.error({ err: "x" }, "failed");
    expect(seen).toEqual([["error", { rollout: "abc", err: "x" }, "failed"]]);
  });
});

describe("log lines of a rollout in the sandbox", { timeout: 300_000 }, () => {
  it("all carry the rollout id, and the phase once one is under way", async () => {
    const lines: Record<string, unknown>[] = [];
    const w = await startLocalWorld({
      ...demoWorld(),
      logLevel: "info",
      logDestination: { write: (line: string) => void lines.push(JSON.parse(line)) },
    });
    world = w;
    const issue = await w.github.seed.openIssue(w.fullName, "alice", {
      title: "Patch workers",
      body: DEMO_REQUEST,
    });
    await w.step();
    w.github.seed.comment(w.fullName, "alice", issue, "/patch approve");
    for (let i = 0; i < 4; i++) await w.advance(30_000);

    const rollout = lines.find((l) => typeof l.rollout === "string")?.rollout;
    expect(rollout).toMatch(/^[0-9a-f]{12}$/);
    expect(lines.length).toBeGreaterThan(3);
    // Webhook events and timer ticks alike: nothing in this story is logged without the rollout.
    expect(lines.filter((l) => l.rollout !== rollout)).toEqual([]);
    expect(lines.filter((l) => l.status === "in-progress").every((l) => typeof l.phase === "number")).toBe(
      true,
    );
  });
});
