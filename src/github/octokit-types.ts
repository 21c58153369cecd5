// The part of Octokit the port uses, typed structurally so both `new Octokit()` from @octokit/rest and
// Probot's `context.octokit` fit.
import type { Octokit } from "@octokit/rest";

export type OctokitLike = Pick<Octokit, "rest" | "paginate">;
