// The one place that makes simple-git instances. Every git process the bot runs gets the same hermetic
// environment: no system or user config, no prompts, no pager, a fixed identity and fixed dates when asked,
// so commits are reproducible and a developer's or CI machine's git setup cannot change what the bot writes.
import { type SimpleGit, simpleGit } from "simple-git";

export interface GitIdentity {
  name: string;
  email: string;
}

export const BOT_IDENTITY: GitIdentity = {
  name: "node-patch-bot",
  email: "node-patch-bot@users.noreply.github.com",
};

export interface GitOptions {
  identity?: GitIdentity;
  /** Pins author and committer dates (ISO 8601), for reproducible commits in tests and dry runs. */
  date?: string;
  /**
   * A private index file and an empty work tree for building a tree in a bare repository. Unlike
   * `git worktree add`, this writes nothing into the repository, so concurrent fetches never see
   * a half-made worktree.
   */
  scratch?: { indexFile: string; workTree: string };
  /**
   * Config for this process that must not appear on its command line (`ps` shows that to every process of
   * the user): an `Authorization` header. Passed as `GIT_CONFIG_COUNT`/`_KEY_n`/`_VALUE_n` (git 2.31+).
   */
  secretConfig?: Record<string, string>;
}

/** The environment every git process gets. Exported for the few places that spawn git directly. */
export function hermeticGitEnv(options: GitOptions = {}): Record<string, string> {
  const identity = options.identity ?? BOT_IDENTITY;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    // A HOME that does not exist hides ~/.gitconfig and the XDG config; NOSYSTEM hides /etc/gitconfig.
    HOME: "/nonexistent/node-patch-bot",
    XDG_CONFIG_HOME: "/nonexistent/node-patch-bot",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_TERMINAL_PROMPT: "0",
    GIT_AUTHOR_NAME: identity.name,
    GIT_AUTHOR_EMAIL: identity.email,
    GIT_COMMITTER_NAME: identity.name,
    GIT_COMMITTER_EMAIL: identity.email,
    LC_ALL: "C",
  };
  if (options.date !== undefined) {
    env.GIT_AUTHOR_DATE = options.date;
    env.GIT_COMMITTER_DATE = options.date;
  }
  if (options.scratch !== undefined) {
    env.GIT_INDEX_FILE = options.scratch.indexFile;
    env.GIT_WORK_TREE = options.scratch.workTree;
  }
  const secret = Object.entries(options.secretConfig ?? {});
  if (secret.length > MAX_SECRET_CONFIG)
    throw new Error(`secretConfig: at most ${MAX_SECRET_CONFIG} entries`);
  if (secret.length > 0) env.GIT_CONFIG_COUNT = String(secret.length);
  secret.forEach(([key, value], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = key;
    env[`GIT_CONFIG_VALUE_${i}`] = value;
  });
  return env;
}

/** How many `secretConfig` entries a process may get (each index is a variable simple-git must be told of). */
const MAX_SECRET_CONFIG = 1;

const GUARDED_VARIABLES = [
  "GIT_CONFIG_NOSYSTEM",
  "GIT_TERMINAL_PROMPT",
  "GIT_AUTHOR_NAME",
  "GIT_AUTHOR_EMAIL",
  "GIT_AUTHOR_DATE",
  "GIT_COMMITTER_NAME",
  "GIT_COMMITTER_EMAIL",
  "GIT_COMMITTER_DATE",
  "GIT_INDEX_FILE",
  "GIT_WORK_TREE",
  "GIT_CONFIG_COUNT",
  "GIT_CONFIG_KEY_0",
  "GIT_CONFIG_VALUE_0",
] as const;

/** A simple-git instance rooted at `baseDir` with the hermetic environment. */
export function createGit(baseDir: string, options: GitOptions = {}): SimpleGit {
  return simpleGit({
    baseDir,
    maxConcurrentProcesses: 4,
    // simple-git guards GIT_* variables; these are the ones the hermetic environment sets on purpose.
    allowEnvironment: GUARDED_VARIABLES,
    // Config from the environment is refused unless asked for: only `secretConfig`, which this module sets.
    ...(options.secretConfig === undefined ? {} : { unsafe: { allowUnsafeConfigEnvCount: true } }),
    config: ["init.defaultBranch=main", "core.autocrlf=false", "commit.gpgsign=false", "protocol.version=2"],
  }).env(hermeticGitEnv(options));
}
