// Bad input through the real app: each corpus entry puts a manifest on the default branch (when it has one),
// opens an issue with its body, lets the app answer, and requires the exact reply and nothing else: no branch,
// no commit, no pull request, no label.
import { execFileSync } from "node:child_process";
import { DEMO_MANIFEST } from "../src/sandbox/demo-files.js";
import { type LocalWorld, startLocalWorld } from "../src/sandbox/local-world.js";
import type { BadInput } from "./bad-input-corpus.js";
import { BOT_LOGIN } from "./invariants.js";
import { crashed, type RunResult } from "./outcome.js";

const MANIFEST = "setup/machines.yaml";

function refs(world: LocalWorld): string {
  const dir = world.github.seed.repo(world.fullName).dir;
  return execFileSync("git", ["--git-dir", dir, "for-each-ref", "--format=%(refname) %(objectname)"], {
    encoding: "utf8",
  });
}

/** The bot's replies on an issue, without the hidden key line that makes a redelivery answer once. */
export function replies(world: LocalWorld, issue: number): string[] {
  return [...world.github.seed.repo(world.fullName).comments.values()]
    .filter((c) => c.issueNumber === issue && c.user === BOT_LOGIN)
    .map((c) => c.body.replace(/\n\n<!-- node-patch-bot:reply [^>]* -->$/, ""));
}

export async function* badInput(corpus: readonly BadInput[]): AsyncGenerator<RunResult> {
  const world = await startLocalWorld({
    manifestPath: MANIFEST,
    files: { [MANIFEST]: DEMO_MANIFEST, ".github/node-patch-bot.yml": "merge:\n  mode: auto\n" },
  });
  let current = DEMO_MANIFEST;
  try {
    for (const entry of corpus) {
      try {
        const manifest = entry.manifest ?? DEMO_MANIFEST;
        if (manifest !== current) {
          await world.github.seed.commit(
            world.fullName,
            world.defaultBranch,
            { [MANIFEST]: manifest },
            entry.name,
          );
          current = manifest;
          await world.step();
        }
        const before = refs(world);
        const pullsBefore = [...world.github.seed.repo(world.fullName).issues.values()].filter(
          (i) => i.pull,
        ).length;
        const issue = await world.github.seed.openIssue(world.fullName, "alice", {
          title: entry.name,
          body: entry.body,
        });
        await world.step();
        const got = replies(world, issue);
        const problems: string[] = [];
        const want = entry.expected === null ? [] : [entry.expected];
        if (got.length !== want.length || got[0] !== want[0])
          problems.push(`expected the reply ${JSON.stringify(entry.expected)}, got ${JSON.stringify(got)}`);
        const lost: string[] = [];
        const violations: string[] = [];
        if (refs(world) !== before) violations.push("a branch or commit was created");
        const pulls = [...world.github.seed.repo(world.fullName).issues.values()].filter(
          (i) => i.pull,
        ).length;
        if (pulls !== pullsBefore) violations.push("a pull request was opened");
        const labels = world.github.seed.repo(world.fullName).issues.get(issue)?.labels ?? [];
        if (labels.length > 0) violations.push(`the issue was labelled ${labels.join(", ")}`);
        yield {
          scenario: "bad-input",
          label: entry.name,
          passed: problems.length === 0 && violations.length === 0,
          violations,
          lost,
          problems,
        };
      } catch (error) {
        yield crashed("bad-input", entry.name, error);
      }
    }
  } finally {
    await world.stop();
  }
}
