// The tracking issue's dashboard comment holds the rollout's state. These read and write it.
import type { CommentView } from "../github/port.js";
import { DASHBOARD_MARKER } from "../rollout/state-codec.js";
import type { RolloutState } from "../rollout/types.js";
import type { FlowDeps } from "./deps.js";

export interface Tracking {
  issue: number;
  comment: CommentView;
  state: RolloutState;
}

/** The rollout on `issue`, or undefined when the issue has no dashboard (`comments`: the issue's, if listed). */
export async function readTracking(
  deps: FlowDeps,
  issue: number,
  comments?: readonly CommentView[],
): Promise<Tracking | undefined> {
  const comment = await findDashboard(deps, issue, comments);
  if (comment === undefined) return undefined;
  const state = deps.codec.decode(comment.body);
  return state ? { issue, comment, state } : undefined;
}

export async function findDashboard(
  deps: FlowDeps,
  issue: number,
  listed?: readonly CommentView[],
): Promise<CommentView | undefined> {
  const comments = listed ?? (await deps.github.listComments(issue));
  // Only the bot's own comment counts: anyone can paste the marker into a comment.
  return comments.find((c) => c.author === deps.botLogin && c.body.startsWith(DASHBOARD_MARKER));
}

/** Rewrites the dashboard only when its text changed (GitHub's content-creation limits are tight). */
export async function writeDashboard(deps: FlowDeps, tracking: Tracking, body: string): Promise<Tracking> {
  if (body !== tracking.comment.body) await deps.github.updateComment(tracking.comment.id, body);
  return { ...tracking, comment: { ...tracking.comment, body } };
}
