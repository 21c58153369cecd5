// Slash commands in issue and pull request comments. A command is a line that starts with `/patch` (after
// at most three spaces, as Markdown allows for a paragraph), outside fenced code blocks, block quotes and
// HTML comments: quoting someone's `/patch approve` or showing it in an example must never act.
//
// One command per comment: the first one counts, later ones are reported back in `ignored` so the reply can
// say so. Acting on several would make the outcome depend on their order and on partial failures, and
// one reaction or reply could no longer acknowledge exactly one action.
import type { PatchCommand } from "../generated/command.js";
import { checkPatchRequest, type PatchRequestCheck } from "./issue-request.js";
import { formatShortFormError, parseShortForm, SHORT_FORM_USAGE } from "./short-form.js";

/** The parsed command; its shape is schemas/command.schema.json. */
export type { PatchCommand };

export interface CommentCommand {
  command: PatchCommand;
  /** 1-based line of the command in the comment body. */
  line: number;
  /** The command line as written (without leading spaces). */
  text: string;
  /** Lines of further `/patch` commands in the same comment, which are not acted on. */
  ignored: number[];
}

export const COMMAND_HELP = [
  "/patch plan <short form>   plan a patch rollout (see below)",
  "/patch approve             approve the plan, or let the next phase go ahead",
  "/patch hold [reason]       stop before the next phase until /patch resume",
  "/patch resume              continue a held rollout",
  "/patch cancel              stop the rollout; merged phases stay merged",
  "/patch retry               re-run the failed or timed-out gate",
  "/patch status              post the rollout's current state",
  "/patch rollback            open the reverse phase of the last merged phase",
  "/patch help                show this help",
  "",
  SHORT_FORM_USAGE,
].join("\n");

interface CommandLine {
  line: number;
  text: string;
  /** 1-based column where `text` starts. */
  column: number;
}

/** Lines that are commands: `/patch` at the start of a line, outside code fences, quotes and HTML comments. */
export function findCommandLines(body: string): CommandLine[] {
  const found: CommandLine[] = [];
  let fence: { char: string; length: number } | undefined;
  let inHtmlComment = false;
  for (const [index, line] of body.replace(/\r\n?/g, "\n").split("\n").entries()) {
    if (fence !== undefined) {
      const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line)?.[1];
      if (close !== undefined && close[0] === fence.char && close.length >= fence.length) fence = undefined;
      continue;
    }
    if (inHtmlComment) {
      inHtmlComment = !line.includes("-->");
      continue;
    }
    const open = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (open !== undefined) {
      fence = { char: open[0] ?? "`", length: open.length };
      continue;
    }
    if (/^ {0,3}<!--/.test(line)) {
      inHtmlComment = !line.includes("-->");
      continue;
    }
    const command = /^( {0,3})(\/patch(?:[ \t].*)?)$/.exec(line);
    if (command?.[2] !== undefined) {
      found.push({ line: index + 1, text: command[2].trimEnd(), column: (command[1]?.length ?? 0) + 1 });
    }
  }
  return found;
}

type NoArgumentKind = "approve" | "resume" | "cancel" | "retry" | "status" | "rollback";
const NO_ARGUMENTS: Readonly<Record<string, NoArgumentKind>> = {
  approve: "approve",
  resume: "resume",
  cancel: "cancel",
  retry: "retry",
  status: "status",
  rollback: "rollback",
};

function parseCommandLine(cmd: CommandLine, check: (candidate: unknown) => PatchRequestCheck): PatchCommand {
  const match = /^\/patch[ \t]*(\S*)[ \t]*(.*)$/.exec(cmd.text);
  const word = match?.[1] ?? "";
  const args = match?.[2] ?? "";
  const sub = word.toLowerCase();
  if (sub === "") return { kind: "help", reason: "no subcommand given" };
  if (sub === "help") return { kind: "help" };
  if (sub === "plan") {
    const argsColumn = cmd.column + cmd.text.length - args.length;
    const parsed = parseShortForm(args, argsColumn);
    const line = `${" ".repeat(cmd.column - 1)}${cmd.text}`;
    if (!parsed.ok)
      return { kind: "invalid", subcommand: "plan", message: formatShortFormError(parsed.error, line) };
    // The grammar accepts any bare word as a name; the schema knows what a machine name may look like.
    const checked = check(parsed.request);
    if (checked.ok) return { kind: "plan", request: checked.request };
    return {
      kind: "invalid",
      subcommand: "plan",
      message: `${checked.errors.join("\n")}\n\n${SHORT_FORM_USAGE}`,
    };
  }
  if (sub === "hold") {
    const reason = args.trim();
    return reason === "" ? { kind: "hold" } : { kind: "hold", reason };
  }
  const simple = Object.hasOwn(NO_ARGUMENTS, sub) ? NO_ARGUMENTS[sub] : undefined;
  if (simple !== undefined) {
    if (args.trim() === "") return { kind: simple };
    return {
      kind: "invalid",
      subcommand: simple,
      message: `/patch ${sub} takes no arguments; remove "${args.trim()}" and comment again`,
    };
  }
  return { kind: "help", reason: `unknown command "/patch ${word}"` };
}

/**
 * The first command in a comment body, or undefined when the comment has none. Plan requests are checked
 * against the patch request schema; pass a checker made once by createPatchRequestChecker() in loops.
 */
export function parseCommentCommand(
  body: string,
  check: (candidate: unknown) => PatchRequestCheck = checkPatchRequest,
): CommentCommand | undefined {
  const [first, ...rest] = findCommandLines(body);
  if (first === undefined) return undefined;
  return {
    command: parseCommandLine(first, check),
    line: first.line,
    text: first.text,
    ignored: rest.map((r) => r.line),
  };
}
