// Secrets never leak: a rollout runs with debug logging and GitHub errors (so error paths log too), then every
// log line, every comment, issue and pull request body, and every commit message is searched for the private
// key, the webhook secret, the cluster token and every token the stand-in issued.
import { execFileSync } from "node:child_process";
import { Writable } from "node:stream";
import { driveRollout, type RolloutFixture } from "./drive.js";
import { crashed, type RunResult } from "./outcome.js";

export async function* secrets(fixture: RolloutFixture): AsyncGenerator<RunResult> {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString("utf8"));
      done();
    },
  });
  const found: string[] = [];
  try {
    const run = await driveRollout(fixture, {
      world: { logLevel: "debug", logDestination: sink },
      tolerateStepError: () => true,
      beforeStep: (world, step) => {
        // A few failures early on, so error logging is exercised too.
        if (step <= 3) world.github.injectFault({ kind: "server-error", status: 500, path: /./, times: 2 });
      },
      beforeEnd: async (world) => {
        const repo = world.github.seed.repo(world.fullName);
        const texts = [
          ...lines,
          ...[...repo.comments.values()].map((c) => c.body),
          ...[...repo.issues.values()].map((i) => `${i.title}\n${i.body ?? ""}`),
          execFileSync("git", ["--git-dir", repo.dir, "log", "--all", "--format=%B"], { encoding: "utf8" }),
        ].join("\n");
        const keyLines = world.secrets.privateKey
          .split("\n")
          .filter((l) => l.length >= 40 && !l.startsWith("-"));
        const named: [string, string][] = [
          ["webhook secret", world.secrets.webhookSecret],
          ["cluster token", world.secrets.clusterToken],
          ...keyLines.map((l, i): [string, string] => [`private key line ${i + 1}`, l]),
          ...world.github.issuedTokens().map((t, i): [string, string] => [`issued token ${i + 1}`, t]),
        ];
        for (const [name, value] of named)
          if (texts.includes(value)) found.push(`${name} appears in the output`);
        if (lines.length === 0) found.push("no log line was captured: the search proves nothing");
      },
    });
    // Completion is not this scenario's question (github-errors asks it); the run only has to produce output.
    yield {
      scenario: "secrets",
      label: `${lines.length} log lines, ${run.steps} steps`,
      passed: found.length === 0,
      violations: found,
      lost: [],
      problems: [],
    };
  } catch (error) {
    yield crashed("secrets", "run", error);
  }
}
