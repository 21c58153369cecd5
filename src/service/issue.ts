// runIssue: an opened, edited or reopened issue that carries a patch request (the issue form, or a fenced
// YAML block) is planned; any other issue is left alone.
import { parseIssueRequest } from "../commands/issue-request.js";
import { readScheduleMarker } from "../schedule/scheduled-requests.js";
import type { FlowDeps } from "./deps.js";
import { type RequestOutcome, reply, runPatchRequest, textKey } from "./request.js";

export interface IssueInput {
  issue: number;
  body: string;
  action: "opened" | "edited" | "reopened";
  isPullRequest: boolean;
  authorType: string;
  /** The author's login: the bot's own issues are planned only when a schedule opened them. */
  author?: string;
}

export async function runIssue(deps: FlowDeps, input: IssueInput): Promise<RequestOutcome | "ignored"> {
  // 1. Only people's issues that hold a request are the bot's business, and the bot's own scheduled ones.
  if (input.isPullRequest) return "ignored";
  if (input.authorType === "Bot" && !(input.author === deps.botLogin && readScheduleMarker(input.body)))
    return "ignored";
  const parsed = parseIssueRequest(input.body, deps.checkRequest);
  if (!parsed.ok && parsed.source === "none") return "ignored";
  // The same body is answered once, however often its webhook arrives.
  const replyKey = issueReplyKey(input.issue, input.body);
  // 2. A request with problems is answered with all of them.
  if (!parsed.ok) {
    await reply(
      deps,
      input.issue,
      [
        "I cannot read this patch request:",
        "",
        ...parsed.errors.map((e) => `- ${e}`),
        "",
        "Edit the issue and I will read it again.",
      ],
      replyKey,
    );
    return "invalid";
  }
  // 3. Plan it (an edit before approval plans again).
  return runPatchRequest(deps, {
    issue: input.issue,
    ...(parsed.block === undefined ? {} : { block: parsed.block }),
    request: parsed.request,
    replan: input.action === "edited",
    replyKey,
  });
}

/** What answers to an issue's request are keyed by: the issue and its body, so an edit is answered anew. */
export function issueReplyKey(issue: number, body: string): string {
  return `issue-${issue}-${textKey(body)}`;
}
