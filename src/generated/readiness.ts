/* Generated from schemas/readiness.schema.json by scripts/gen-types.ts. Do not edit. */

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
   * Agent mode: the GitHub logins whose commit statuses the App trusts as the in-cluster agent's verdicts (the login of the agent's token: a user, or `<app>[bot]` for a GitHub App of its own). A status on the agent's context written by anyone else is ignored and shown as such. Without this list only the App's own login is trusted, so an agent with a token of its own waits until its login is listed here.
   *
   * @minItems 1
   */
  agentLogins?: [string, ...string[]];
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
 * A firing Prometheus alert, as the readiness gate reads it.
 *
 * This interface was referenced by `ReadinessConfig`'s JSON-Schema
 * via the `definition` "FiringAlert".
 */
export interface FiringAlert {
  /**
   * The `alertname` label.
   */
  name: string;
  labels: {
    [k: string]: string;
  };
  activeAt?: string;
}
/**
 * The answer of Prometheus' GET /api/v1/alerts (the fields the bot reads; others are allowed).
 *
 * This interface was referenced by `ReadinessConfig`'s JSON-Schema
 * via the `definition` "AlertsResponse".
 */
export interface AlertsResponse {
  status: "success" | "error";
  error?: string;
  errorType?: string;
  data?: {
    alerts: {
      labels: {
        [k: string]: string;
      };
      annotations?: {
        [k: string]: string;
      };
      state: string;
      activeAt?: string;
      value?: string;
    }[];
  };
}
