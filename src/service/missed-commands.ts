// Commands whose webhook was lost. GitHub never retries a failed delivery, so a `/patch approve` written
// while the app was down (or crashed, or GitHub answered it 5xx) would otherwise never count. The bot answers
// every command it reads: a reaction when it acts, a reply keyed by the comment when it does not. A person's
// command with neither, old enough that no webhook can still be at work on it, was missed.
import { parseCommentCommand } from "../commands/comment-command.js";
import type { CommentView } from "../github/port.js";
import type { CommentInput } from "./command.js";
import type { FlowDeps } from "./deps.js";
import { replyMarker } from "./request.js";

/** Past this age a command nobody answered was missed (a webhook is handled in seconds). */
export const MISSED_AFTER_MS = 3 * 60_000;

/** The commands among an issue's comments that the bot never answered, oldest first, as runComment takes them. */
export function missedCommands(
  deps: Pick<FlowDeps, "botLogin" | "checkRequest">,
  issue: number,
  comments: readonly CommentView[],
  now: number,
): CommentInput[] {
  const answered = comments
    .filter((c) => c.author === deps.botLogin)
    .map((c) => c.body)
    .join("\n");
  return comments
    .filter(
      (c) =>
        c.author !== deps.botLogin &&
        c.authorType !== "Bot" &&
        c.reactions === 0 &&
        now - Date.parse(c.createdAt) >= MISSED_AFTER_MS &&
        !answered.includes(replyMarker(`comment-${c.id}`)) &&
        parseCommentCommand(c.body, deps.checkRequest) !== undefined,
    )
    .map((c) => ({
      issue,
      commentId: c.id,
      body: c.body,
      author: c.author,
      authorType: c.authorType,
      createdAt: Date.parse(c.createdAt),
    }));
}
