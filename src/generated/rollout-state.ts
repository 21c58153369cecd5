/* Generated from schemas/rollout-state.schema.json by scripts/gen-types.ts. Do not edit. */

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
/**
 * A rollout plan: waves of machines, each a sequence of single-kind phases. One phase is one commit and one pull request. `strategy`, `cluster` and `phases[].{index, wave, kind, machines, title}` are the stable contract.
 */
export interface Plan {
  /**
   * Rollout id, derived from the inputs (same inputs, same id). Used in branch names and as the bot's taint value.
   */
  id: string;
  strategy: "replace" | "in-place";
  /**
   * The cluster's name (empty when neither the config nor the manifest names it).
   */
  cluster: string;
  /**
   * Path of the Machines manifest in the repository.
   */
  manifestPath: string;
  /**
   * Path of the pool file when replacements come from it.
   */
  poolPath?: string;
  reason?: string;
  target?: {
    osImage?: string;
    kernelVersion?: string;
  };
  packages?: string[];
  taint: Taint;
  /**
   * maxSurge and maxUnavailable resolved to machine counts, per role.
   */
  budget: {
    controlPlane: Budget;
    worker: Budget;
  };
  initial: Capacity;
  /**
   * The machines the request patches, in the order they roll.
   */
  selected: string[];
  /**
   * New machines (replace only), in the order they are added.
   */
  replacements: NewMachine[];
  waves: Wave[];
  phases: Phase[];
}
/**
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "Taint".
 */
export interface Taint {
  key: string;
  value: string;
  effect: "NoSchedule";
}
/**
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "Budget".
 */
export interface Budget {
  /**
   * Selected machines of this role.
   */
  selected: number;
  maxSurge: number;
  maxUnavailable: number;
}
/**
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "Capacity".
 */
export interface Capacity {
  controlPlane: Counts;
  worker: Counts;
}
/**
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "Counts".
 */
export interface Counts {
  /**
   * Machines of the role in the manifest.
   */
  total: number;
  /**
   * Of those, Ready and without the bot's taint.
   */
  available: number;
}
/**
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "NewMachine".
 */
export interface NewMachine {
  name: string;
  infraName?: string;
  /**
   * This interface was referenced by `Plan`'s JSON-Schema
   * via the `definition` "Role".
   */
  role: "control-plane" | "worker";
  privateAddress: string;
  privatePort?: number;
  publicAddress?: string;
  publicPort?: number;
  /**
   * Where the machine comes from: the request, or the pool file.
   */
  source: "request" | "pool";
  /**
   * The selected machine it takes the place of.
   */
  replaces?: string;
}
/**
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "Wave".
 */
export interface Wave {
  /**
   * 1-based.
   */
  index: number;
  /**
   * This interface was referenced by `Plan`'s JSON-Schema
   * via the `definition` "Role".
   */
  role: "control-plane" | "worker";
  /**
   * Existing machines patched in this wave.
   */
  machines: string[];
  /**
   * New machines added in this wave.
   */
  added: string[];
  /**
   * How many of `machines` are in each failure domain (empty when no failure-domain label applies).
   */
  failureDomains: {
    [k: string]: number;
  };
}
/**
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "Phase".
 */
export interface Phase {
  /**
   * 1-based position in the rollout.
   */
  index: number;
  /**
   * 1-based wave the phase belongs to.
   */
  wave: number;
  kind: "add" | "taint" | "untaint" | "remove";
  /**
   * This interface was referenced by `Plan`'s JSON-Schema
   * via the `definition` "Role".
   */
  role: "control-plane" | "worker";
  /**
   * At least one.
   */
  machines: string[];
  title: string;
  /**
   * What merging the phase does.
   */
  effect: string;
  gate: Gate;
  /**
   * node-patch/<rollout id>/<index>-<kind>
   */
  branch: string;
  commitMessage: string;
  capacity: Capacity;
  /**
   * Rollback phases only: the index of the merged phase whose change this phase undoes (`/patch rollback`).
   */
  reverts?: number;
}
/**
 * What must hold before the next phase is merged.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "Gate".
 */
export interface Gate {
  /**
   * `ready`: Nodes Ready, schedulable, on the target when given; `drained`: tainted, no evictable pods left; `patched`: Ready and reporting the target; `gone`: Node objects deleted.
   */
  kind: "ready" | "drained" | "patched" | "gone";
  machines: string[];
  target?: {
    osImage?: string;
    kernelVersion?: string;
  };
  description: string;
}
