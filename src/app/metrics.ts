// The App's Prometheus metrics (prom-client), served on /metrics by health.ts. One registry per App instance,
// made by a factory: tests and several Apps in one process never share counters.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

export interface AppMetrics {
  registry: Registry;
  /** Open rollouts by state (e.g. planned, rolling, paused, blocked); set from what a reconcile pass sees. */
  rollouts: Gauge<"state">;
  /** Phase pull requests the bot opened. */
  phasesOpened: Counter;
  /** Phase pull requests merged (by a person or by auto-merge). */
  phasesMerged: Counter;
  /** How long a phase waited at a readiness gate before it passed or failed. */
  gateWaitSeconds: Histogram<"outcome">;
  /** Webhook deliveries handled, by event name. */
  webhooks: Counter<"event">;
  /** Webhook handlers that threw (Probot's onError), by event name. */
  handlerErrors: Counter<"event">;
  /** GitHub REST requests by method and response status (errors included, e.g. 404, 500). */
  githubRequests: Counter<"method" | "status">;
  /** GitHub REST requests that failed (status >= 400, or no response at all: status "none"). */
  githubErrors: Counter<"method" | "status">;
}

export interface MetricsOptions {
  /** Node's process metrics (CPU, memory, event loop lag, GC) with the usual names; on by default. */
  processMetrics?: boolean;
}

// Gates wait from seconds (no alerts) to days (a soak period over a weekend).
const GATE_WAIT_BUCKETS = [10, 60, 300, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86400, 3 * 86400];

export function createMetrics(options: MetricsOptions = {}): AppMetrics {
  const registry = new Registry();
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    rollouts: new Gauge({
      name: "node_patch_bot_rollouts",
      help: "Open rollouts by state",
      labelNames: ["state"],
      registers,
    }),
    phasesOpened: new Counter({
      name: "node_patch_bot_phases_opened_total",
      help: "Phase pull requests opened",
      registers,
    }),
    phasesMerged: new Counter({
      name: "node_patch_bot_phases_merged_total",
      help: "Phase pull requests merged",
      registers,
    }),
    gateWaitSeconds: new Histogram({
      name: "node_patch_bot_gate_wait_seconds",
      help: "Time a phase waited at its readiness gate",
      labelNames: ["outcome"],
      buckets: GATE_WAIT_BUCKETS,
      registers,
    }),
    webhooks: new Counter({
      name: "node_patch_bot_webhooks_total",
      help: "Webhook deliveries handled, by event",
      labelNames: ["event"],
      registers,
    }),
    handlerErrors: new Counter({
      name: "node_patch_bot_handler_errors_total",
      help: "Webhook handlers that failed, by event",
      labelNames: ["event"],
      registers,
    }),
    githubRequests: new Counter({
      name: "node_patch_bot_github_requests_total",
      help: "GitHub REST requests, by method and status",
      labelNames: ["method", "status"],
      registers,
    }),
    githubErrors: new Counter({
      name: "node_patch_bot_github_errors_total",
      help: "GitHub REST requests that failed, by method and status",
      labelNames: ["method", "status"],
      registers,
    }),
  };
}

/** The parts of an Octokit instance the counting plugin hooks into (structural: any Octokit fits). */
interface HookableOctokit {
  hook: {
    after(name: "request", hook: (response: { status: number }, options: { method: string }) => void): void;
    error(name: "request", hook: (error: Error, options: { method: string }) => never): void;
  };
}

/**
 * An Octokit plugin counting every REST request and failure into `metrics`. Given to Probot as
 * `ProbotOctokit.plugin(countGitHubRequests(metrics))`, it covers every installation's client.
 */
export function countGitHubRequests(metrics: AppMetrics): (octokit: HookableOctokit) => void {
  return (octokit) => {
    octokit.hook.after("request", (response, options) => {
      metrics.githubRequests.inc({ method: options.method, status: String(response.status) });
    });
    octokit.hook.error("request", (error, options) => {
      const status = "status" in error && typeof error.status === "number" ? String(error.status) : "none";
      metrics.githubRequests.inc({ method: options.method, status });
      // A 304 is a cache hit of a conditional request, not a failure.
      if (status !== "304") metrics.githubErrors.inc({ method: options.method, status });
      throw error;
    });
  };
}
