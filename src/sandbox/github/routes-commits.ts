// Single commits. Registered after the check-run and status routes: `{ref}` is greedy and would swallow
// `/commits/{ref}/status`.
import { repoFor } from "./access.js";
import { GitHubApiError } from "./errors.js";
import { diffFiles, readCommit, resolveCommit } from "./git-store.js";
import type { Route } from "./router.js";
import { commitShape } from "./shapes-pull.js";
import { repoUrls } from "./shapes-repo.js";
import type { World } from "./world.js";

export function commitRoutes(world: World): Route[] {
  const { state, shapes } = world;
  return [
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
