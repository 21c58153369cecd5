/* Generated from schemas/github-rest.schema.json by scripts/gen-types.ts. Do not edit. */

/**
 * The fields of GitHub REST responses the GitHubPort depends on (issues, comments, pull requests, check runs, contents, refs, merges, permissions). Checked where responses enter the bot; every other field is ignored.
 */
export type GitHubRestResponse =
  | Issue
  | Comment
  | Pull
  | CheckRunList
  | FileContent
  | Repository
  | GitRef
  | MergeResult
  | CollaboratorPermission;
/**
 * A user, bot or organization; GitHub answers null for a deleted account (shown as ghost).
 */
export type Actor = {
  login: string;
  type: string;
} | null;

export interface Issue {
  number: number;
  title: string;
  body?: string | null;
  state: "open" | "closed";
  labels: (
    | string
    | {
        name: string;
      }
  )[];
  user: Actor;
  pull_request?: {};
  html_url: string;
  /**
   * How many comments the issue has.
   */
  comments?: number;
  updated_at?: string;
}
export interface Comment {
  id: number;
  body?: string;
  user: Actor;
  created_at: string;
  /**
   * The reactions rollup: how many there are, not who gave them.
   */
  reactions?: {
    total_count?: number;
  };
}
/**
 * A pull request from the get, create or list endpoints (list answers have no `merged`, only `merged_at`).
 */
export interface Pull {
  number: number;
  state: "open" | "closed";
  merged?: boolean;
  merged_at?: string | null;
  merge_commit_sha?: string | null;
  head: {
    ref: string;
    sha: string;
    /**
     * The repository the head branch lives in: a fork's for a pull request from a fork; null once that fork is deleted.
     */
    repo?: {
      full_name?: string;
    } | null;
  };
  base: {
    ref: string;
  };
  title: string;
  body?: string | null;
  html_url: string;
}
export interface CheckRunList {
  check_runs: CheckRun[];
}
export interface CheckRun {
  id: number;
  name: string;
  status: string;
  conclusion: string | null;
  details_url?: string | null;
  output: {
    title?: string | null;
    summary?: string | null;
    text?: string | null;
  };
}
/**
 * The contents API's answer for a file (a directory is an array and is not a FileContent).
 */
export interface FileContent {
  type: "file";
  sha: string;
  content: string;
  encoding: string;
}
export interface Repository {
  default_branch: string;
}
export interface GitRef {
  object: {
    sha: string;
  };
}
export interface MergeResult {
  sha: string;
  merged: boolean;
  message?: string;
}
export interface CollaboratorPermission {
  permission: string;
  role_name?: string;
}
