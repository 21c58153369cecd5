// `node-patch-bot stage --repo DIR --request R [--manifest-path P] [--branch B]`: writes the plan into a local
// git repository as a branch with one commit per phase, for review without GitHub. Everything is planned and
// rendered before git is touched, and the commits are made in a temporary worktree, so invalid input writes
// nothing and the user's checkout is never changed.
import { mkdir, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { createGit } from "../github/git.js";
import { parseRepositoryConfig, plannerConfig } from "../plan/index.js";
import { type CliIo, parseCommandArgs } from "./io.js";
import { loadAndPlan } from "./plan-command.js";

export const STAGE_USAGE = `usage: node-patch-bot stage --repo DIR --request FILE [--manifest-path PATH] [--branch NAME] [--config PATH] [--date ISO]
Creates a branch in a local git repository with one commit per phase of the rollout plan.
  --repo DIR            the repository (its HEAD is the starting point; the working tree is not touched)
  --request FILE        the patch request (YAML or JSON)
  --manifest-path PATH  the manifest in the repository (default: the config's manifestPath, else setup/machines.yaml)
  --branch NAME         the branch to create (default: node-patch/<rollout id>/staged); it must not exist
  --config PATH         the repository config in the repository (default: .github/node-patch-bot.yml if present)
  --date ISO            author and committer date, for reproducible commits
Exit codes: 0 staged, 1 invalid input or refused (nothing written), 2 usage.
`;

const CONFIG_PATH = ".github/node-patch-bot.yml";

type Io = Pick<CliIo, "stdout" | "stderr" | "cwd">;

export async function runStageCommand(args: string[], io: Io): Promise<number> {
  const parsed = parseCommandArgs(io, STAGE_USAGE, () => parse(args));
  if (typeof parsed === "number") return parsed;
  const { values } = parsed;
  if (values.repo === undefined || values.request === undefined) {
    io.stderr(`--repo and --request are required\n${STAGE_USAGE}`);
    return 2;
  }
  const repo = resolve(io.cwd, values.repo);
  if (
    !(await stat(repo)
      .then((s) => s.isDirectory())
      .catch(() => false))
  ) {
    io.stderr(`${values.repo}: error: no such directory\n`);
    return 1;
  }
  const git = createGit(repo, values.date === undefined ? {} : { date: values.date });
  const head = await git.revparse(["--verify", "--quiet", "HEAD^{commit}"]).catch(() => "");
  if (head.trim() === "") {
    io.stderr(`${values.repo}: error: not a git repository with a commit to start from\n`);
    return 1;
  }
  // Files come from HEAD, the commit the branch starts at, not from a possibly edited working tree.
  const read = async (path: string): Promise<Uint8Array | undefined> => {
    const text = await git.raw(["cat-file", "blob", `HEAD:${path}`]).catch(() => undefined);
    return text === undefined ? undefined : new TextEncoder().encode(text);
  };
  const configPath = values.config ?? ((await read(CONFIG_PATH)) === undefined ? undefined : CONFIG_PATH);
  const manifestPath = values["manifest-path"] ?? (await configuredManifestPath(read, configPath));
  const prepared = await loadAndPlan(io, {
    manifest: manifestPath,
    manifestPath,
    request: values.request,
    read,
    ...(configPath === undefined ? {} : { config: configPath }),
  });
  if (!prepared.ok) return 1;
  const { plan, texts } = prepared;
  const branch = values.branch ?? `node-patch/${plan.id}/staged`;
  const valid = await git.raw(["check-ref-format", "--branch", branch]).catch(() => undefined);
  if (valid === undefined) {
    io.stderr(`error: "${branch}" is not a valid branch name\n`);
    return 1;
  }
  if ((await git.raw(["branch", "--list", branch])).trim() !== "") {
    io.stderr(
      `error: branch ${branch} already exists in ${values.repo}\n  fix: delete it or choose another with --branch\n`,
    );
    return 1;
  }

  const work = await mkdtemp(join(tmpdir(), "node-patch-stage-"));
  let created = false;
  let committed = false;
  try {
    await git.raw(["worktree", "add", "--quiet", "-b", branch, work, "HEAD"]);
    created = true;
    const wt = createGit(work, values.date === undefined ? {} : { date: values.date });
    const lines: string[] = [];
    for (const [i, phase] of plan.phases.entries()) {
      const text = texts[i];
      if (text === undefined) throw new Error(`no manifest text for phase ${phase.index}`);
      const paths = [plan.manifestPath];
      await writeRepoFile(work, plan.manifestPath, text.manifest);
      if (text.pool !== undefined && plan.poolPath !== undefined) {
        await writeRepoFile(work, plan.poolPath, text.pool);
        paths.push(plan.poolPath);
      }
      await wt.add(paths);
      const result = await wt.commit(phase.commitMessage);
      lines.push(`  ${result.commit.slice(0, 7)} phase ${phase.index} (wave ${phase.wave}): ${phase.title}`);
    }
    committed = true;
    io.stdout(
      `staged ${plan.phases.length} phases of rollout ${plan.id} on branch ${branch}:\n${lines.join("\n")}\n`,
    );
    return 0;
  } catch (e) {
    io.stderr(`error: staging failed, nothing was kept: ${(e as Error).message}\n`);
    return 1;
  } finally {
    await git.raw(["worktree", "remove", "--force", work]).catch(() => undefined);
    await rm(work, { recursive: true, force: true });
    await git.raw(["worktree", "prune"]).catch(() => undefined);
    if (created && !committed) await git.raw(["branch", "-D", branch]).catch(() => undefined);
  }
}

async function configuredManifestPath(
  read: (path: string) => Promise<Uint8Array | undefined>,
  configPath: string | undefined,
): Promise<string> {
  const bytes = configPath === undefined ? undefined : await read(configPath);
  if (bytes === undefined) return plannerConfig().manifestPath;
  const parsed = parseRepositoryConfig(new TextDecoder().decode(bytes), configPath ?? CONFIG_PATH);
  // An invalid config is reported by loadAndPlan, which reads it again.
  return plannerConfig(parsed.ok ? parsed.config : {}).manifestPath;
}

async function writeRepoFile(root: string, path: string, text: string): Promise<void> {
  const full = join(root, path);
  await mkdir(dirname(full), { recursive: true });
  await writeFile(full, text);
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: false,
    strict: true,
    options: {
      help: { type: "boolean", short: "h" },
      repo: { type: "string" },
      request: { type: "string" },
      "manifest-path": { type: "string" },
      branch: { type: "string" },
      config: { type: "string" },
      date: { type: "string" },
    },
  });
}
