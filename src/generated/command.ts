/* Generated from schemas/command.schema.json by scripts/gen-types.ts. Do not edit. */
import type {PatchRequest} from "./patch-request.js";

/**
 * A /patch command parsed from an issue or pull request comment.
 */
export type PatchCommand =
  | {
      kind: "plan";
      request: PatchRequest;
    }
  | {
      kind: "approve" | "resume" | "cancel" | "retry" | "status" | "rollback";
    }
  | {
      kind: "hold";
      reason?: string;
    }
  | {
      kind: "help";
      reason?: string;
    }
  | {
      kind: "invalid";
      subcommand: string;
      message: string;
    };
