// The list of a commit's statuses (`GET /repos/{owner}/{repo}/commits/{ref}/statuses`): every status ever
// set on the commit, newest first, each with its `creator`. The combined status names no creator, so this is
// where a reader learns who wrote a status (the App trusts only its agent's). Registered by routes-checks.ts,
// ahead of routes-commits.ts, whose greedy `{ref}` would swallow the path.
import { repoFor } from "./access.js";
import { GitHubApiError } from "./errors.js";
import { resolveCommit } from "./git-store.js";
import { paged, type Route } from "./router.js";
import { statusShape } from "./shapes-pull.js";
import type { World } from "./world.js";

export function statusListRoutes(world: World): Route[] {
  const { state, shapes } = world;
  return [
    {
      method: "GET",
      template: "/repos/{owner}/{repo}/commits/{ref}/statuses",
      auth: "token",
      handler: async (ctx) => {
        const repo = repoFor(state, ctx);
        const ref = ctx.params.ref ?? "";
        const sha =
          (await resolveCommit(repo.dir, ref)) ?? (await resolveCommit(repo.dir, `refs/heads/${ref}`));
        if (sha === null) throw new GitHubApiError(422, `No commit found for SHA: ${ref}`);
        const all = repo.statuses.filter((s) => s.sha === sha).sort((a, b) => b.id - a.id);
        const page = paged(ctx, all);
        return {
          status: 200,
          headers: page.headers,
          body: page.items.map((s) => statusShape(shapes, repo, s)),
        };
      },
    },
  ];
}
