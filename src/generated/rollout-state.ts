/* Generated from schemas/rollout-state.schema.json by scripts/gen-types.ts. Do not edit. */
import type {Plan} from "./plan.js";

/**
 * What node-patch-bot keeps on a rollout's tracking issue, in a hidden block of its dashboard comment. Everything else about a rollout is read from its pull requests and the cluster.
 */
export interface RolloutStateDocument {
  version: 1;
  plan: Plan;
  issue: number;
  /**
   * When the plan was posted (epoch ms); phase commits carry this date so the same phase always makes the same commit.
   */
  createdAt: number;
  approvedBy: string[];
  held?: {
    by: string;
    reason: string;
    at: number;
  };
  /**
   * When a person last lifted a hold (`/patch resume` or `/patch retry`): a redelivered `/patch hold` written before it is not acted on again.
   */
  resumedAt?: number;
  cancelled?: {
    by: string;
    at: number;
  };
  gatePassedAt: {
    [k: string]: number;
  };
  /**
   * The commit the bot pushed for each phase (by index) and the default-branch commit it was built on: a different head means a person changed the pull request; a moved default branch means the phase is rebuilt.
   */
  phaseCommits: {
    [k: string]: {
      head: string;
      base: string;
    };
  };
  /**
   * Set by `/patch rollback`: the phases after `of` were replaced in the plan by the phases that undo phase `of`.
   */
  rollback?: {
    by: string;
    at: number;
    /**
     * The merged phase rolled back.
     */
    of: number;
    /**
     * How many planned phases after it were dropped.
     */
    dropped: number;
  };
  retryAt?: number;
  completedAt?: number;
}
