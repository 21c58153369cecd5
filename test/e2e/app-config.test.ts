// The app end to end when the input is wrong: an invalid repository config stops everything and is reported
// in one issue until it is fixed; bad requests are answered with their exact problems and create nothing.
import { afterEach, describe, expect, it } from "vitest";
import { DEMO_MANIFEST, PATCHED_IMAGE } from "../../src/sandbox/demo-files.js";
import { type LocalWorld, startLocalWorld } from "../../src/sandbox/local-world.js";
import { botComments, dashboard, issue, otherBranches, pulls, replyText } from "./app-helpers.js";

let world: LocalWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

const TITLE = "node-patch-bot: configuration error";
const fenced = (yaml: string) => `\`\`\`yaml\n${yaml}\`\`\`\n`;
const IN_PLACE = fenced(
  `strategy: in-place\nmachines:\n  role: worker\nmaxUnavailable: 1\ntarget:\n  kernelVersion: ${PATCHED_IMAGE.kernelVersion}\n`,
);

const configIssues = (w: LocalWorld) =>
  [...w.github.seed.repo(w.fullName).issues.values()].filter((i) => i.title === TITLE);

describe("the app with wrong input", { timeout: 300_000 }, () => {
  it("reports an invalid config once, plans nothing until it is fixed, and answers bad requests with their problems", async () => {
    const w = await startLocalWorld({
      manifestPath: "setup/machines.yaml",
      files: {
        "setup/machines.yaml": DEMO_MANIFEST,
        ".github/node-patch-bot.yml": "merge:\n  mode: auto\nfrobnicate: true\n",
      },
    });
    world = w;
    const request = await w.github.seed.openIssue(w.fullName, "alice", {
      title: "Kernel update",
      body: IN_PLACE,
    });
    await w.step();
    await w.advance(60_000);

    // One issue with the exact problem, however many events and ticks see the broken file.
    expect(configIssues(w).map((i) => [i.state, i.user])).toEqual([["open", "node-patch-bot[bot]"]]);
    expect(configIssues(w)[0]?.body).toBe(
      [
        "node-patch-bot cannot use `.github/node-patch-bot.yml`, so no rollout starts until it is fixed:",
        "",
        "- `(top level)` must NOT have additional properties: `frobnicate`",
        "",
        "The fields are described in the README (Configuration). This issue closes itself once the file is valid.",
      ].join("\n"),
    );
    // The request is told why it waits, and no rollout starts.
    expect(botComments(w, request).map((c) => replyText(c.body))).toEqual([
      'I cannot plan this yet: `.github/node-patch-bot.yml` is invalid (see the issue "node-patch-bot: configuration error").\nI will plan this request as soon as the file is fixed.',
    ]);
    expect(dashboard(w, request)).toBe("");
    expect(issue(w, request).labels).toEqual([]);

    // Fixing the file closes the config issue, and the waiting request is planned on that push.
    await w.github.seed.commit(
      w.fullName,
      "main",
      { ".github/node-patch-bot.yml": "merge:\n  mode: auto\n" },
      "Fix the bot config",
      "alice",
    );
    await w.step();
    expect(configIssues(w).map((i) => i.state)).toEqual(["closed"]);
    expect(dashboard(w, request)).toContain("awaiting approval");
    expect(issue(w, request).labels).toEqual(["node-patch-rollout"]);

    // Bad requests: every problem, with its place, and nothing else.
    const unknown = await w.github.seed.openIssue(w.fullName, "alice", {
      title: "Patch a machine",
      body: fenced(`strategy: in-place\nmachines:\n  names: [worker-9]\nmaxUnavailable: 1\n`),
    });
    const kubelet = await w.github.seed.openIssue(w.fullName, "alice", {
      title: "Upgrade kubelet",
      body: fenced(
        `strategy: in-place\nmachines:\n  role: worker\nmaxUnavailable: 1\npackages: [kubelet, openssh]\ntarget:\n  kernelVersion: ${PATCHED_IMAGE.kernelVersion}\n`,
      ),
    });
    await w.step();
    const answers = [unknown, kubelet].map((n) => botComments(w, n).map((c) => replyText(c.body)));
    expect(answers).toMatchInlineSnapshot(`
      [
        [
          "I cannot plan this request:

      \`\`\`
      issue #3:2:1: error: an in-place request needs a target: the gate between taint and untaint waits for the patched osImage or kernelVersion
        fix: add target.kernelVersion and/or target.osImage as the Nodes will report them (status.nodeInfo)
      issue #3:4:11: error: machine "worker-9" is not in setup/machines.yaml
        fix: use a Machine's metadata.name
      \`\`\`

      Edit the issue (or comment a new \`/patch plan ...\`) and I will plan again.",
        ],
        [
          "I cannot plan this request:

      \`\`\`
      issue #4:6:12: error: "kubelet" is managed by the WKS controller and changes only with a cluster upgrade, not an OS patch
        fix: change spec.version through a cluster upgrade for Kubernetes packages; node-patch-bot patches the base OS (kernel, sshd, base image)
      \`\`\`

      Edit the issue (or comment a new \`/patch plan ...\`) and I will plan again.",
        ],
      ]
    `);
    for (const n of [unknown, kubelet]) {
      expect(dashboard(w, n)).toBe("");
      expect(issue(w, n).labels).toEqual([]);
    }
    expect(pulls(w)).toEqual([]);
    expect(otherBranches(w)).toEqual([]);

    // Every webhook again: no answer is given twice, and still nothing else exists.
    const count = () => [request, unknown, kubelet].map((n) => botComments(w, n).length);
    const before = count();
    for (const d of w.github.webhooks.deliveries().slice()) await w.github.webhooks.redeliver(d.id);
    await w.step();
    expect(count()).toEqual(before);
    expect(configIssues(w)).toHaveLength(1);
    expect(pulls(w)).toEqual([]);
  });
});

describe("the config when GitHub cannot answer", { timeout: 300_000 }, () => {
  it("reports nothing while reading fails, and reports a file that is not YAML with the parser's words", async () => {
    const w = await startLocalWorld({
      manifestPath: "setup/machines.yaml",
      files: { "setup/machines.yaml": DEMO_MANIFEST, ".github/node-patch-bot.yml": "merge:\n  mode: auto\n" },
    });
    world = w;
    // GitHub answers 502 to every read of the config for a while: that is not a configuration error.
    const outage = w.github.injectFault({
      kind: "server-error",
      status: 502,
      path: /node-patch-bot\.yml$/,
      times: 50,
    });
    const request = await w.github.seed.openIssue(w.fullName, "alice", { title: "Kernel", body: IN_PLACE });
    await w.step();
    await w.advance(60_000);
    expect(configIssues(w)).toEqual([]);
    expect(dashboard(w, request)).toBe("");
    // Once it answers again, the request whose webhook failed is planned by the timer.
    outage.cancel();
    for (let i = 0; i < 4; i++) await w.advance(60_000);
    expect(configIssues(w)).toEqual([]);
    expect(dashboard(w, request)).toContain("awaiting approval");

    // A file that is not YAML is a configuration error, said with the parser's words.
    await w.github.seed.commit(
      w.fullName,
      "main",
      { ".github/node-patch-bot.yml": "merge: [auto\n" },
      "oops",
    );
    await w.step();
    expect(configIssues(w).map((i) => i.state)).toEqual(["open"]);
    expect(configIssues(w)[0]?.body).toMatch(
      /^- \.github\/node-patch-bot\.yml could not be read: \[@probot\/octokit-plugin-config\] Configuration could not be parsed from http:\/\/127\.0\.0\.1:\d+\/repos\/acme\/cluster\/contents\/\.github%2Fnode-patch-bot\.yml \(invalid YAML\)$/m,
    );
  });
});
