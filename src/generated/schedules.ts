/* Generated from schemas/schedules.schema.json by scripts/gen-types.ts. Do not edit. */

/**
 * Scheduled rollouts: at each cron occurrence the bot opens a patch request issue by itself, which then follows the normal flow (plan, approval as configured, windows).
 */
export interface SchedulesConfig {
  /**
   * Recurring rollouts, each `{ id, cron, timezone?, title?, request }`: at every occurrence of `cron` (five fields, in `timezone`, default the config's `timezone`, else UTC; the minute a single number; an nth weekday such as `SAT#1` for "every first Saturday") the bot opens an issue titled "node-patch: `title` (scheduled `instant`)" holding `request`, a patch request in the same shape as one written in an issue. The plan, approvals and windows then apply as for a person's request. Each occurrence opens one issue, even with several replicas; closing it skips that occurrence; an occurrence the app was down for (more than 10 minutes) is skipped.
   */
  schedules?: Schedule[];
}
/**
 * A recurring rollout: at every occurrence of cron (in timezone) the bot opens an issue holding request.
 *
 * This interface was referenced by `SchedulesConfig`'s JSON-Schema
 * via the `definition` "Schedule".
 */
export interface Schedule {
  /**
   * A name unique among the schedules (lowercase letters, digits and dashes); the bot marks each issue it opens with it and the occurrence, so it never opens one twice.
   */
  id: string;
  /**
   * Five-field cron expression (minute hour day-of-month month day-of-week). The minute field must be a single number (at most one occurrence an hour). The day of week takes an nth weekday: "0 6 * * SAT#1" is 06:00 on every first Saturday, SAT#L the last Saturday of the month.
   */
  cron: string;
  /**
   * IANA time zone of cron (e.g. Europe/Berlin). Default: the config's `timezone`, else UTC.
   */
  timezone?: string;
  /**
   * What the issue is about, e.g. "Replace all workers from the pool". Default: the schedule's id.
   */
  title?: string;
  request: PatchRequest;
}
/**
 * The patch request the issue holds, in the same shape as a request written in an issue (strategy, machines, maxSurge, …).
 */
export interface PatchRequest {
  /**
   * `replace` cycles machines (add new, taint old, remove old); `in-place` drains machines while they are patched out of band, then returns them to service.
   */
  strategy: "replace" | "in-place";
  machines?: Selection;
  /**
   * How many machines of a role may exist beyond the initial count: an integer, or a percentage of the selected machines of that role, rounded up (Cluster API semantics). Default 1.
   */
  maxSurge?: number | string;
  /**
   * How many schedulable Ready machines of a role may be missing at any time: an integer, or a percentage of the selected machines of that role, rounded down (Cluster API semantics). Default 0.
   */
  maxUnavailable?: number | string;
  /**
   * New machines for `replace`, taken in the order the selected machines roll (control plane first). Without it, replacements are taken in order from the pool file named in the repository config.
   */
  replacements?: Replacement[];
  target?: Target;
  /**
   * Informational: what is being patched (e.g. `linux-image-generic`, `openssh-server`). Kubernetes packages (docker, containerd, kubelet, kubeadm, kubectl, kubernetes-cni, cri-tools) are refused: the WKS controller manages them.
   */
  packages?: string[];
  /**
   * Why the machines are patched (e.g. a CVE); shown in the plan, the commits and the pull requests.
   */
  reason?: string;
}
/**
 * Which machines to patch. All given criteria must match. Without `role` and with `names`, the named machines are selected whatever their role.
 *
 * This interface was referenced by `PatchRequest`'s JSON-Schema
 * via the `definition` "Selection".
 */
export interface Selection {
  /**
   * `worker` (default), `control-plane` (machines with `set: master`) or `all`.
   */
  role?: "worker" | "control-plane" | "all";
  /**
   * Machine names (`metadata.name` of the Machine).
   *
   * Items: a Kubernetes object name: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters
   *
   * This interface was referenced by `PatchRequest`'s JSON-Schema
   * via the `definition` "Name".
   */
  names?: string[];
  /**
   * Labels every selected Machine carries (`metadata.labels`).
   */
  labels?: {
    [k: string]: string;
  };
}
/**
 * A new machine: a Machine and its ExistingInfraMachine, conventions copied from machines of the same role.
 *
 * This interface was referenced by `PatchRequest`'s JSON-Schema
 * via the `definition` "Replacement".
 */
export interface Replacement {
  /**
   * a Kubernetes object name: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters
   *
   * This interface was referenced by `PatchRequest`'s JSON-Schema
   * via the `definition` "Name".
   */
  name: string;
  /**
   * an IP address or a host name
   *
   * This interface was referenced by `PatchRequest`'s JSON-Schema
   * via the `definition` "Address".
   */
  privateAddress: string;
  /**
   * This interface was referenced by `PatchRequest`'s JSON-Schema
   * via the `definition` "Port".
   */
  privatePort?: number;
  /**
   * an IP address or a host name
   *
   * This interface was referenced by `PatchRequest`'s JSON-Schema
   * via the `definition` "Address".
   */
  publicAddress?: string;
  /**
   * This interface was referenced by `PatchRequest`'s JSON-Schema
   * via the `definition` "Port".
   */
  publicPort?: number;
}
/**
 * What "patched" means, checked by the readiness gates against each Node's `status.nodeInfo`. Required for `in-place`.
 *
 * This interface was referenced by `PatchRequest`'s JSON-Schema
 * via the `definition` "Target".
 */
export interface Target {
  /**
   * Expected `status.nodeInfo.osImage`.
   */
  osImage?: string;
  /**
   * Expected `status.nodeInfo.kernelVersion`.
   */
  kernelVersion?: string;
}
