// Single commits and comparisons. Registered after the check-run and status routes: `{ref}` is greedy and would swallow
// `/commits/{ref}/status`.
import { repoFor } from "./access.js";
import { GitHubApiError } from "./errors.js";
import { diffFiles } from "./git-compare.js";
import { commitsBetween, gitText, readCommit, resolveCommit } from "./git-store.js";
import type { Route } from "./router.js";
import { commitShape } from "./shapes-pull.js";
import { repoUrls } from "./shapes-repo.js";
import type { RepoRecord } from "./state.js";
import type { World } from "./world.js";

async function shaOf(repo: RepoRecord, ref: string): Promise<string | null> {
  return (await resolveCommit(repo.dir, ref)) ?? (await resolveCommit(repo.dir, `refs/heads/${ref}`));
}

export function commitRoutes(world: World): Route[] {
  const { state, shapes } = world;
  return [
    {
      method: "GET",
      template: "/repos/{owner}/{repo}/compare/{basehead}",
      auth: "token",
      handler: async (ctx) => {
        const repo = repoFor(state, ctx);
        const [baseRef, headRef] = (ctx.params.basehead ?? "").split("...");
        const base = baseRef === undefined ? null : await shaOf(repo, baseRef);
        const head = headRef === undefined ? null : await shaOf(repo, headRef);
        if (base === null || head === null) throw new GitHubApiError(404, "Not Found");
        const mergeBase = await gitText(repo.dir, ["merge-base", base, head]);
        const ahead = await commitsBetween(repo.dir, base, head);
        const behind = await commitsBetween(repo.dir, head, base);
        const status =
          ahead.length === 0 && behind.length === 0
            ? "identical"
            : behind.length === 0
              ? "ahead"
              : ahead.length === 0
                ? "behind"
                : "diverged";
        const { api, html } = repoUrls(shapes, repo);
        const shape = async (sha: string) => commitShape(shapes, repo, await readCommit(repo.dir, sha));
        return {
          status: 200,
          body: {
            url: `${api}/compare/${baseRef}...${headRef}`,
            html_url: `${html}/compare/${baseRef}...${headRef}`,
            permalink_url: `${html}/compare/${base}...${head}`,
            diff_url: `${html}/compare/${baseRef}...${headRef}.diff`,
            patch_url: `${html}/compare/${baseRef}...${headRef}.patch`,
            base_commit: await shape(base),
            merge_base_commit: await shape(mergeBase),
            status,
            ahead_by: ahead.length,
            behind_by: behind.length,
            total_commits: ahead.length,
            commits: await Promise.all(ahead.map(shape)),
          },
        };
      },
    },
    {
      method: "GET",
      template: "/repos/{owner}/{repo}/commits/{ref}",
      auth: "token",
      handler: async (ctx) => {
        const repo = repoFor(state, ctx);
        const ref = ctx.params.ref ?? "";
        const sha =
          (await resolveCommit(repo.dir, ref)) ?? (await resolveCommit(repo.dir, `refs/heads/${ref}`));
        if (sha === null) throw new GitHubApiError(422, `No commit found for SHA: ${ref}`);
        const commit = await readCommit(repo.dir, sha);
        const parent = commit.parents[0];
        const files = parent === undefined ? [] : await diffFiles(repo.dir, parent, sha);
        const { api, html } = repoUrls(shapes, repo);
        const additions = files.reduce((n, f) => n + f.additions, 0);
        const deletions = files.reduce((n, f) => n + f.deletions, 0);
        return {
          status: 200,
          body: {
            ...commitShape(shapes, repo, commit),
            stats: { additions, deletions, total: additions + deletions },
            files: files.map((f) => ({
              sha: f.sha,
              filename: f.filename,
              status: f.status,
              additions: f.additions,
              deletions: f.deletions,
              changes: f.additions + f.deletions,
              blob_url: `${html}/blob/${sha}/${f.filename}`,
              raw_url: `${html}/raw/${sha}/${f.filename}`,
              contents_url: `${api}/contents/${f.filename}?ref=${sha}`,
            })),
          },
        };
      },
    },
  ];
}
