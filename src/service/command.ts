// runComment: a `/patch ...` comment on a tracking issue or a phase pull request. Every accepted command is
// acknowledged with a reaction; every refused one is answered with the reason and who can act.
import { COMMAND_HELP, parseCommentCommand } from "../commands/comment-command.js";
import type { Permission } from "../github/port.js";
import { phaseProgress } from "../rollout/decide.js";
import { rollbackState } from "../rollout/rollback.js";
import type { RolloutState } from "../rollout/types.js";
import { loadRepositoryConfig } from "./config.js";
import { type FlowDeps, QUEUED_LABEL } from "./deps.js";
import { runReconcile } from "./reconcile.js";
import { reply, runPatchRequest } from "./request.js";
import { rolloutStatus } from "./status.js";
import { readTracking } from "./tracking.js";

export interface CommentInput {
  issue: number;
  commentId: number;
  body: string;
  author: string;
  authorType: string;
  /** The issue's labels as the event shows them (a queued rollout does not act on commands). */
  labels?: string[];
  /** When the comment was written (ms); a redelivered command older than the rollout's end is not answered again. */
  createdAt?: number;
}

const RANK: Record<Permission, number> = { none: 0, read: 1, triage: 2, write: 3, maintain: 4, admin: 5 };

export async function runComment(deps: FlowDeps, input: CommentInput): Promise<string> {
  // 1. Only people's `/patch` commands count: the bot's own comments and other bots are ignored.
  if (input.author === deps.botLogin || input.authorType === "Bot") return "ignored";
  const parsed = parseCommentCommand(input.body, deps.checkRequest);
  if (parsed === undefined) return "ignored";
  const command = parsed.command;
  // Every answer is keyed by the comment, so a redelivered comment is answered once.
  const key = `comment-${input.commentId}`;
  // 2. Help, invalid commands and `status` need no permission.
  if (command.kind === "help" || command.kind === "invalid") {
    const why = command.kind === "invalid" ? command.message : command.reason;
    await reply(deps, input.issue, [...(why ? [why, ""] : []), "```", COMMAND_HELP, "```"], key);
    return command.kind;
  }
  if (command.kind === "plan") {
    await deps.github.addReaction(input.commentId, "eyes");
    return runPatchRequest(deps, { issue: input.issue, request: command.request, replan: true });
  }
  const tracking = await readTracking(deps, input.issue);
  if (command.kind === "status") {
    await reply(
      deps,
      input.issue,
      tracking
        ? await rolloutStatus(deps, tracking)
        : [
            "There is no rollout on this issue. Open one with `/patch plan ...` or the patch request issue form.",
          ],
      key,
    );
    return "status";
  }
  if (tracking === undefined) {
    await reply(
      deps,
      input.issue,
      [
        `\`${parsed.text}\` needs a rollout, and there is none on this issue. Start one with \`/patch plan ...\`.`,
      ],
      key,
    );
    return "no-rollout";
  }
  // 3. State-changing commands need the configured permission, checked now (not when the plan was made).
  const loaded = await loadRepositoryConfig(deps);
  if (!loaded.ok) return "config-error";
  const needed = loaded.config.permission ?? "write";
  const has = await deps.github.permission(input.author);
  const approvers = loaded.config.approvals?.approvers ?? [];
  // GitHub logins are case-insensitive: `Alice` in the config is @alice.
  const listed = approvers.some((a) => a.toLowerCase() === input.author.toLowerCase());
  const allowed =
    RANK[has] >= RANK[needed] && (command.kind !== "approve" || approvers.length === 0 || listed);
  if (!allowed) {
    const who =
      command.kind === "approve" && approvers.length > 0
        ? approvers.map((a) => `@${a}`).join(", ")
        : `people with ${needed} permission on this repository`;
    await reply(
      deps,
      input.issue,
      [
        `Sorry @${input.author}, \`/patch ${command.kind}\` can only be used by ${who}. You have ${has} permission.`,
      ],
      key,
    );
    return "refused";
  }
  // 4. Change the state, show it and let the rollout move, then acknowledge: the reaction comes last, so a
  // command whose handler died before its change was written has none, and the timer acts on it again
  // (every command is idempotent).
  const acknowledge = () => deps.github.addReaction(input.commentId, "+1");
  const now = deps.now();
  const state =
    command.kind === "rollback"
      ? await rollback(deps, tracking.state, input.author, now)
      : applyCommand(
          tracking.state,
          command.kind,
          input.author,
          now,
          command.kind === "hold" ? command.reason : undefined,
        );
  if (typeof state === "string") {
    await acknowledge();
    // A command written before the rollout ended (or turned around) was acted on back then: its redelivery
    // says nothing.
    const endedAt = tracking.state.completedAt ?? tracking.state.cancelled?.at ?? tracking.state.rollback?.at;
    if (input.createdAt !== undefined && endedAt !== undefined && input.createdAt <= endedAt) return "stale";
    await reply(deps, input.issue, [state], key);
    return "rejected";
  }
  // A redelivered `/patch resume` written before the current hold must not lift it.
  // Redelivered commands must not undo what came after them: a resume or retry written before the current
  // hold does not lift it, a hold written before the last resume does not bring it back, and a retry does
  // not restart a gate's timeout twice.
  const held = tracking.state.held?.at;
  const stale =
    ((command.kind === "resume" || command.kind === "retry") && isBefore(input.createdAt, held)) ||
    (command.kind === "hold" && isBefore(input.createdAt, tracking.state.resumedAt)) ||
    (command.kind === "retry" && isBefore(input.createdAt, tracking.state.retryAt));
  if (!stale)
    await runReconcile(deps, {
      issue: input.issue,
      update: () => state,
      tracking,
      queued: input.labels?.includes(QUEUED_LABEL) ?? false,
      loaded,
    });
  await acknowledge();
  return stale ? "stale" : command.kind;
}

function isBefore(at: number | undefined, than: number | undefined): boolean {
  return at !== undefined && than !== undefined && at < than;
}

function endedReason(state: RolloutState): string | undefined {
  if (state.completedAt === undefined && !state.cancelled) return undefined;
  return `Rollout \`${state.plan.id}\` is already ${state.cancelled ? "cancelled" : "completed"}.`;
}

/** The state after `/patch rollback`, from where the phases stand now, or the reason it cannot apply. */
async function rollback(
  deps: FlowDeps,
  state: RolloutState,
  by: string,
  now: number,
): Promise<RolloutState | string> {
  const ended = endedReason(state);
  if (ended !== undefined) return ended;
  const pulls = await deps.github.listPulls(`node-patch/${state.plan.id}/`);
  return rollbackState(state, phaseProgress(state.plan, pulls), by, now);
}

/** The state after a command, or the reason it cannot apply. */
export function applyCommand(
  state: RolloutState,
  kind: "approve" | "hold" | "resume" | "cancel" | "retry",
  by: string,
  now: number,
  reason?: string,
): RolloutState | string {
  const ended = endedReason(state);
  if (ended !== undefined) return ended;
  switch (kind) {
    case "approve":
      return state.approvedBy.includes(by) ? state : { ...state, approvedBy: [...state.approvedBy, by] };
    case "hold":
      return state.held ? state : { ...state, held: { by, reason: reason ?? "no reason given", at: now } };
    case "resume": {
      if (!state.held) return state;
      const { held: _held, ...rest } = state;
      return { ...rest, resumedAt: now };
    }
    case "retry": {
      const { held: _held, ...rest } = state;
      return { ...rest, retryAt: now, resumedAt: now };
    }
    case "cancel":
      return { ...state, cancelled: { by, at: now } };
  }
}
