// Reading the stand-in's records the way a person looking at the repository would: pull requests, comments,
// labels. Shared by the app's end-to-end tests.
import { execFileSync } from "node:child_process";
import { Octokit } from "@octokit/rest";
import { PATCHED_IMAGE } from "../../src/sandbox/demo-files.js";
import type { LocalWorld } from "../../src/sandbox/local-world.js";

export const BOT = "node-patch-bot[bot]";

/** The request most app tests open: patch every worker in place to the demo's patched kernel, one at a time. */
export const IN_PLACE = `\`\`\`yaml\nstrategy: in-place\nmachines:\n  role: worker\nmaxUnavailable: 1\ntarget:\n  kernelVersion: ${PATCHED_IMAGE.kernelVersion}\n\`\`\`\n`;

export function pulls(world: LocalWorld) {
  return [...world.github.seed.repo(world.fullName).issues.values()]
    .filter((i) => i.pull !== null)
    .map((i) => ({
      number: i.number,
      title: i.title,
      state: i.state,
      branch: i.pull?.head ?? "",
      merged: i.pull?.merged ?? false,
    }));
}

export function comments(world: LocalWorld, issue: number) {
  return [...world.github.seed.repo(world.fullName).comments.values()].filter((c) => c.issueNumber === issue);
}

export function botComments(world: LocalWorld, issue: number) {
  return comments(world, issue).filter((c) => c.user === BOT);
}

export function dashboard(world: LocalWorld, issue: number): string {
  return botComments(world, issue).find((c) => c.body.startsWith("<!-- node-patch-bot"))?.body ?? "";
}

export function issue(world: LocalWorld, number: number) {
  const found = world.github.seed.repo(world.fullName).issues.get(number);
  if (found === undefined) throw new Error(`no issue #${number}`);
  return found;
}

/** A person's client, acting with their own token (their permission on the repository). */
export function personClient(world: LocalWorld, login: string): Octokit {
  return new Octokit({ baseUrl: world.github.url, auth: world.github.seed.userToken(login) });
}

/** Tries to merge a pull request as a person: the status GitHub answers and its message. */
export async function mergeAs(
  world: LocalWorld,
  login: string,
  pullNumber: number,
): Promise<{ status: number; message: string }> {
  const [owner = "", repo = ""] = world.fullName.split("/");
  try {
    const r = await personClient(world, login).rest.pulls.merge({ owner, repo, pull_number: pullNumber });
    return { status: r.status, message: r.data.message };
  } catch (e) {
    const err = e as { status?: number; response?: { data?: { message?: string } } };
    return { status: err.status ?? 0, message: err.response?.data?.message ?? String(e) };
  }
}

/** Steps the world until `done` holds, returning the steps taken; throws after `maxSteps`. */
export async function stepUntil(
  world: LocalWorld,
  done: () => boolean,
  what: string,
  stepMs = 30_000,
  maxSteps = 60,
): Promise<number> {
  for (let i = 1; i <= maxSteps; i++) {
    await world.advance(stepMs);
    if (done()) return i;
  }
  throw new Error(`${what}: not reached after ${maxSteps} steps`);
}

/** Branches of the repository other than the default one. */
export function otherBranches(world: LocalWorld): string[] {
  const dir = world.github.seed.repo(world.fullName).dir;
  return execFileSync("git", ["--git-dir", dir, "for-each-ref", "--format=%(refname:short)", "refs/heads"], {
    encoding: "utf8",
  })
    .trim()
    .split("\n")
    .filter((b) => b !== "" && b !== world.defaultBranch);
}

/** A bot reply without its hidden key line (which makes redelivered events answer once). */
export function replyText(body: string | undefined): string {
  return (body ?? "").replace(/\n\n<!-- node-patch-bot:reply [^>]* -->$/, "");
}

/**
 * Polls `done` in real time, without stepping the world (no tick, no cluster), until it holds; throws after
 * `boundMs`. For what a webhook's handler does after GitHub's 10-second delivery window on a loaded machine.
 */
export async function waitFor(done: () => boolean, what: string, boundMs = 60_000): Promise<void> {
  const until = Date.now() + boundMs;
  while (!done()) {
    if (Date.now() > until) throw new Error(`${what}: not within ${boundMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
