// runSchedules against the GitHub stand-in, on a pinned clock: an occurrence opens one issue however many
// replicas race for it and however often it is seen again, a closed one is not opened again, and a tick with
// nothing due costs no GitHub request beyond the config.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createPatchRequestChecker } from "../../src/commands/issue-request.js";
import type { RepositoryConfig } from "../../src/generated/config.js";
import { createOctokitPort } from "../../src/github/octokit-port.js";
import type { GitHubPort } from "../../src/github/port.js";
import { createStateCodec } from "../../src/rollout/state-codec.js";
import { loadRepositoryConfig } from "../../src/service/config.js";
import type { FlowDeps } from "../../src/service/deps.js";
import { runSchedules } from "../../src/service/schedules.js";
import { REPO, type Scene, startScene } from "../sandbox/github/helpers.js";

const config: RepositoryConfig = {
  timezone: "Europe/Berlin",
  schedules: [
    {
      id: "first-saturday",
      cron: "0 6 * * SAT#1",
      title: "Replace all workers from the pool",
      request: { strategy: "replace", machines: { role: "worker" } },
    },
  ],
};
const OCCURRENCE = Date.parse("2026-12-05T05:00:00Z");
const quiet = { info() {}, warn() {}, error() {} };

describe("runSchedules", () => {
  let scene: Scene;
  let port: GitHubPort;
  let clock = OCCURRENCE;

  function depsWith(github: GitHubPort): FlowDeps {
    return {
      github,
      loadConfig: async () => config,
      now: () => clock,
      log: quiet,
      codec: createStateCodec(),
      checkRequest: createPatchRequestChecker(),
      botLogin: "node-patch-bot[bot]",
    };
  }
  const issues = () => [...scene.standIn.seed.repo(REPO).issues.values()];

  beforeEach(async () => {
    clock = OCCURRENCE + 2 * 60_000;
    scene = await startScene({ now: () => new Date(clock) });
    port = createOctokitPort({
      octokit: scene.bot,
      repo: { owner: "acme", repo: "cluster" },
      gitUrl: scene.standIn.cloneUrl(REPO, scene.botToken),
      token: async () => scene.botToken,
      workDir: await mkdtemp(join(tmpdir(), "npb-schedules-")),
    });
  });
  afterEach(async () => {
    await scene.standIn.stop();
  });

  it("opens one issue when two replicas both find none: the claim decides", async () => {
    // Both listings finish before either replica opens anything: the worst interleaving, made certain.
    let arrived = 0;
    let release = () => {};
    const bothListed = new Promise<void>((resolve) => {
      release = resolve;
    });
    const replica = (): GitHubPort => ({
      ...port,
      listIssues: async (query) => {
        const listed = await port.listIssues(query);
        if (++arrived === 2) release();
        await bothListed;
        return listed;
      },
    });
    const outcomes = await Promise.all([
      runSchedules(depsWith(replica())),
      runSchedules(depsWith(replica())),
    ]);
    expect(
      outcomes
        .flat()
        .map((o) => o.outcome)
        .sort(),
    ).toEqual(["claimed", "opened"]);
    expect(issues().map((i) => [i.title, i.user])).toEqual([
      [
        "node-patch: Replace all workers from the pool (scheduled 2026-12-05T05:00:00Z)",
        "node-patch-bot[bot]",
      ],
    ]);
  });

  it("finds the issue again on later ticks within the lookback, also once it is closed", async () => {
    const [first] = await runSchedules(depsWith(port));
    expect(first).toMatchObject({ id: "first-saturday", at: "2026-12-05T05:00:00Z", outcome: "opened" });
    await port.updateIssue(first?.issue ?? 0, { state: "closed" });
    clock += 5 * 60_000;
    expect(await runSchedules(depsWith(port))).toEqual([
      { id: "first-saturday", at: "2026-12-05T05:00:00Z", outcome: "exists", issue: first?.issue },
    ]);
    expect(issues()).toHaveLength(1);
  });

  it("asks GitHub nothing when nothing is due, and lets a given config save its request", async () => {
    clock = OCCURRENCE + 60 * 60_000;
    const before = JSON.stringify(scene.standIn.counters());
    expect(await runSchedules(depsWith(port), { config })).toEqual([]);
    expect(await runSchedules({ ...depsWith(port), loadConfig: async () => ({ schedules: "bad" }) })).toEqual(
      [],
    );
    expect(JSON.stringify(scene.standIn.counters())).toBe(before);
  });

  it("leaves a config whose schedule cannot fire to the configuration error issue, which names the problem", async () => {
    const broken = {
      schedules: [
        { id: "monthly", cron: "0 6 * * SAT#6", timezone: "Europe/Berln", request: { strategy: "replace" } },
      ],
    };
    const deps = { ...depsWith(port), loadConfig: async () => broken };
    expect(await loadRepositoryConfig(deps)).toMatchObject({ ok: false });
    expect(await runSchedules(deps)).toEqual([]);
    expect(issues().map((i) => i.body)).toMatchInlineSnapshot(`
      [
        "node-patch-bot cannot use \`.github/node-patch-bot.yml\`, so no rollout starts until it is fixed:

      - \`schedules[0].cron\` field 5 (day of week) "SAT#6" is not valid; use 0-7 or SUN-SAT (0 and 7 are Sunday), a list, a range such as MON-FRI, an nth weekday such as SAT#1 (SAT#L: the last), or *
      - \`schedules[0].timezone\` "Europe/Berln" is not an IANA time zone; use a name like Europe/Berlin, America/New_York or UTC

      The fields are described in the README (Configuration). This issue closes itself once the file is valid.",
      ]
    `);
  });
});
