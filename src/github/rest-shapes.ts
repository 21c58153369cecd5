// GitHub's answers enter the bot here: each response the port depends on is checked against
// schemas/github-rest.schema.json and mapped into the port's views. A response that does not match throws an
// error naming the endpoint, so a changed or broken API fails loudly instead of corrupting rollout state.
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import schema from "../../schemas/github-rest.schema.json" with { type: "json" };
import type {
  Actor,
  CheckRunList,
  CollaboratorPermission,
  Comment,
  FileContent,
  GitRef,
  Issue,
  MergeResult,
  Pull,
  Repository,
} from "../generated/github-rest.js";
import type { CommentView, IssueView, PullView } from "./port.js";

interface Shapes {
  Issue: Issue;
  Comment: Comment;
  Pull: Pull;
  CheckRunList: CheckRunList;
  FileContent: FileContent;
  Repository: Repository;
  GitRef: GitRef;
  MergeResult: MergeResult;
  CollaboratorPermission: CollaboratorPermission;
}

export type ShapeName = keyof Shapes;

export type ShapeChecker = <N extends ShapeName>(name: N, endpoint: string, data: unknown) => Shapes[N];

function describe(errors: readonly ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .slice(0, 5)
    .map((e) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}`)
    .join("; ");
}

/** Compiles the validators (once per app, or per port); the returned checker is immutable. */
export function createShapeChecker(): ShapeChecker {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  ajv.addSchema(schema);
  const compiled = new Map<ShapeName, ValidateFunction>();
  const names: ShapeName[] = [
    "Issue",
    "Comment",
    "Pull",
    "CheckRunList",
    "FileContent",
    "Repository",
    "GitRef",
    "MergeResult",
    "CollaboratorPermission",
  ];
  for (const name of names) compiled.set(name, ajv.compile({ $ref: `${schema.$id}#/definitions/${name}` }));
  return <N extends ShapeName>(name: N, endpoint: string, data: unknown): Shapes[N] => {
    const validate = compiled.get(name);
    if (validate === undefined) throw new Error(`no validator for ${name}`);
    if (!validate(data)) {
      throw new Error(
        `GitHub's answer to ${endpoint} is not the expected ${name} (schemas/github-rest.schema.json): ${describe(validate.errors)}`,
      );
    }
    // The validator just proved the shape; ajv's guard type cannot carry the generic mapping.
    return data as Shapes[N];
  };
}

function actorType(actor: Actor): IssueView["authorType"] {
  if (actor === null) return "User";
  return actor.type === "Bot" || actor.type === "Organization" ? actor.type : "User";
}

/** GitHub shows a deleted account as "ghost". */
const login = (actor: Actor): string => actor?.login ?? "ghost";

export function toIssueView(issue: Issue): IssueView {
  return {
    number: issue.number,
    title: issue.title,
    body: issue.body ?? "",
    state: issue.state,
    labels: issue.labels.map((l) => (typeof l === "string" ? l : l.name)),
    author: login(issue.user),
    authorType: actorType(issue.user),
    isPullRequest: issue.pull_request !== undefined,
    htmlUrl: issue.html_url,
    ...(issue.comments === undefined ? {} : { comments: issue.comments }),
    ...(issue.updated_at === undefined ? {} : { updatedAt: issue.updated_at }),
  };
}

export function toCommentView(comment: Comment): CommentView {
  return {
    id: comment.id,
    body: comment.body ?? "",
    author: login(comment.user),
    authorType: actorType(comment.user),
    createdAt: comment.created_at,
    ...(comment.reactions?.total_count === undefined ? {} : { reactions: comment.reactions.total_count }),
  };
}

export function toPullView(pull: Pull): PullView {
  const mergedAt = pull.merged_at ?? undefined;
  const merged = pull.merged ?? mergedAt !== undefined;
  return {
    number: pull.number,
    state: pull.state,
    merged,
    ...(mergedAt === undefined ? {} : { mergedAt }),
    headRef: pull.head.ref,
    headSha: pull.head.sha,
    ...(pull.head.repo?.full_name === undefined ? {} : { headRepo: pull.head.repo.full_name }),
    baseRef: pull.base.ref,
    title: pull.title,
    body: pull.body ?? "",
    htmlUrl: pull.html_url,
    // Before a merge GitHub fills merge_commit_sha with a test merge; only a merged one is on the base.
    ...(merged && typeof pull.merge_commit_sha === "string" ? { mergeCommitSha: pull.merge_commit_sha } : {}),
  };
}
