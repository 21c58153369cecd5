/* Generated from schemas/config.schema.json by scripts/gen-types.ts. Do not edit. */

/**
 * Windows for everything (opening and merging phase PRs), unless prWindows or mergeWindows override them.
 */
export type Windows = Window[];
/**
 * Windows for opening phase pull requests (like Renovate's schedule). Default: windows.
 */
export type PrWindows = Window[];
/**
 * Windows for merging phase pull requests (like Renovate's automergeSchedule). Default: windows.
 */
export type MergeWindows = Window[];
/**
 * Dates or ranges when nothing may happen (a change freeze). They override every window.
 *
 * Items: A whole day (YYYY-MM-DD, in the default time zone) or a range.
 */
export type Blackouts = (string | BlackoutRange)[];
/**
 * Recurring rollouts, each `{ id, cron, timezone?, title?, request }`: at every occurrence of `cron` (five fields, in `timezone`, default the config's `timezone`, else UTC; the minute a single number; an nth weekday such as `SAT#1` for "every first Saturday") the bot opens an issue titled "node-patch: `title` (scheduled `instant`)" holding `request`, a patch request in the same shape as one written in an issue. The plan, approvals and windows then apply as for a person's request. Each occurrence opens one issue, even with several replicas; closing it skips that occurrence; an occurrence the app was down for (more than 10 minutes) is skipped.
 */
export type Schedules = Schedule[];

/**
 * The repository's `.github/node-patch-bot.yml`. Every field is optional; the defaults fit a WKP repository.
 */
export interface RepositoryConfig {
  /**
   * Path of the Machines manifest in the repository (WKP: `setup/machines.yaml`; wksctl: `machines.yaml`).
   */
  manifestPath?: string;
  /**
   * The cluster's name. When set, every Machine's `spec.clusterName` must equal it; when absent it is read from the manifest.
   */
  clusterName?: string;
  /**
   * Path of a manifest-shaped file of provisioned spare machines. `replace` requests without `replacements` take spares from it in order; each `add` phase moves them from the pool into the manifest in the same commit.
   */
  poolPath?: string;
  /**
   * The Machine annotation in which the bot records the Node taints it wants (a JSON list of {key, value, effect}).
   */
  taintAnnotation?: string;
  /**
   * The key of the NoSchedule taint the bot puts on machines it drains; its value is the rollout id.
   */
  taintKey?: string;
  /**
   * Machine labels naming a failure domain (zone, rack). Waves are spread across the domains these labels name.
   */
  failureDomainLabels?: string[];
  /**
   * The supported range of `spec.version` (semver range).
   */
  kubernetesVersions?: string;
  /**
   * How phase pull requests are merged.
   */
  merge?: {
    /**
     * `manual`: a person merges each phase once its gate passes; `auto`: the bot merges it.
     */
    mode?: "manual" | "auto";
    /**
     * GitHub merge method. `merge` and `rebase` keep the phase's single commit.
     */
    method?: "merge" | "squash" | "rebase";
  };
  /**
   * Who must approve a plan before its first phase is opened.
   */
  approvals?: {
    /**
     * Number of approvals (`/approve` or an approving review) the plan needs.
     */
    required?: number;
    /**
     * GitHub logins or `org/team` slugs allowed to approve; empty means anyone with `permission`.
     */
    approvers?: string[];
  };
  /**
   * The least repository permission needed to run slash commands.
   */
  permission?: "read" | "triage" | "write" | "maintain" | "admin";
  readiness?: ReadinessConfig;
  /**
   * Labels the bot puts on what it opens.
   */
  labels?: {
    pullRequest?: string[];
    trackingIssue?: string[];
  };
  /**
   * Default IANA time zone for windows and blackouts that name none (e.g. Europe/Berlin). Falls back to the repository's time zone, then UTC.
   */
  timezone?: string;
  windows?: Windows;
  prWindows?: PrWindows;
  mergeWindows?: MergeWindows;
  blackouts?: Blackouts;
  schedules?: Schedules;
}
/**
 * The `readiness` section of the repository config: how long gates may take, how long a passed gate must keep passing, and what blocks a rollout (as kured's blocking pod selectors and Prometheus alerts do). Every field is optional.
 */
export interface ReadinessConfig {
  /**
   * Gate timeout for new machines to become Ready, and for patched machines to report the target (added to the drain timeout for an in-place taint phase, which drains first).
   */
  timeoutMinutes?: number;
  /**
   * Gate timeout for tainted machines to be drained.
   */
  drainTimeoutMinutes?: number;
  /**
   * Gate timeout for removed machines' Nodes to disappear.
   */
  removalTimeoutMinutes?: number;
  /**
   * How long a gate must keep passing after it first passed before the next phase may merge.
   */
  soakMinutes?: number;
  /**
   * Label selectors of pods that block the rollout while any such pod runs on a node in flight (kured's --blocking-pod-selector).
   */
  blockingPodSelectors?: LabelSelector[];
  /**
   * A Prometheus server whose firing alerts block the rollout (kured's --prometheus-url).
   */
  prometheus?: {
    /**
     * Base URL of the Prometheus server; the bot reads `<url>/api/v1/alerts`.
     */
    url: string;
    /**
     * A regular expression of alert names that do not block (kured's --alert-filter-regexp).
     */
    ignoreAlerts?: string;
  };
}
/**
 * A Kubernetes label selector; it must say something (an empty selector would match every pod).
 *
 * This interface was referenced by `ReadinessConfig`'s JSON-Schema
 * via the `definition` "LabelSelector".
 */
export interface LabelSelector {
  matchLabels?: {
    [k: string]: string;
  };
  matchExpressions?: {
    key: string;
    operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
    values?: string[];
  }[];
}
/**
 * A recurring window: it opens at every occurrence of cron (in timezone) and stays open for duration.
 */
export interface Window {
  /**
   * Five-field cron expression (minute hour day-of-month month day-of-week), e.g. "0 22 * * MON-FRI". The minute field must be a single number: a window opens at most once an hour.
   */
  cron: string;
  /**
   * How long a window stays open after each cron occurrence: days, hours and minutes in that order, e.g. 4h, 90m, 1h30m, 1d.
   */
  duration: string;
  /**
   * An IANA time zone name such as Europe/Berlin, America/New_York or UTC.
   */
  timezone?: string;
}
/**
 * A blackout from `from` (inclusive) to `to`. A date-only `to` includes that whole day; a `to` with a time is exclusive.
 */
export interface BlackoutRange {
  /**
   * A date (YYYY-MM-DD), a local date and time (YYYY-MM-DDTHH:MM) in the blackout's time zone, or an instant with an offset (YYYY-MM-DDTHH:MM[:SS]Z or ±HH:MM).
   */
  from: string;
  /**
   * A date (YYYY-MM-DD), a local date and time (YYYY-MM-DDTHH:MM) in the blackout's time zone, or an instant with an offset (YYYY-MM-DDTHH:MM[:SS]Z or ±HH:MM).
   */
  to: string;
  /**
   * An IANA time zone name such as Europe/Berlin, America/New_York or UTC.
   */
  timezone?: string;
  reason?: string;
}
/**
 * A recurring rollout: at every occurrence of cron (in timezone) the bot opens an issue holding request.
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
   * An IANA time zone name such as Europe/Berlin, America/New_York or UTC.
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
