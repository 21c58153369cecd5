// What every flow needs, passed in explicitly: the two ports, the clock, a logger, and the compiled
// validators (compiled once when the app starts, not per event).
import type { ClusterPort } from "../cluster/index.js";
import type { PatchRequestCheck } from "../commands/issue-request.js";
import type { GitHubPort } from "../github/port.js";
import type { ManifestParser } from "../manifest/index.js";
import type { compileConfigValidator, compileRequestValidator } from "../plan/schemas.js";
import type { FiringAlert } from "../readiness/index.js";
import type { StateCodec } from "../rollout/state-codec.js";

export interface Logger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

export interface FlowDeps {
  github: GitHubPort;
  /** Direct mode: the bot's own cluster credentials. Absent in agent mode. */
  cluster?: ClusterPort;
  /** Loads `.github/node-patch-bot.yml` (Probot's config loader: YAML, `_extends`); null when absent. */
  loadConfig: () => Promise<unknown>;
  now: () => number;
  log: Logger;
  codec: StateCodec;
  /** The patch request schema, compiled once. */
  checkRequest: (candidate: unknown) => PatchRequestCheck;
  /** Reads firing alerts from a Prometheus server, for gates that a configured `readiness.prometheus` blocks. */
  readAlerts?: (url: string) => Promise<readonly FiringAlert[]>;
  /** The config schema, compiled once (compiling it costs about 0.2 s); compiled per load without it. */
  validateConfig?: ReturnType<typeof compileConfigValidator>;
  /** The patch request schema as the planner reads it, compiled once; compiled per plan without it. */
  validateRequest?: ReturnType<typeof compileRequestValidator>;
  /**
   * Parses manifests, remembering the last few results (the app's cache): planning a request and building its
   * first phase read the same file, and so does every tick until the default branch moves. parseManifest without it.
   */
  parseManifest?: ManifestParser;
  /** Records how long a gate waited before it passed or timed out (the app's metrics). */
  observeGateWait?: (seconds: number, outcome: "pass" | "timed-out") => void;
  /** The bot's own login, to ignore its own comments. */
  botLogin: string;
}

export const TRACKING_LABEL = "node-patch-rollout";
export const QUEUED_LABEL = "node-patch-queued";
export const CONFIG_ERROR_TITLE = "node-patch-bot: configuration error";
/** The configuration error issue's label: every load looks for that issue, by a listing pull requests never change. */
export const CONFIG_ERROR_LABEL = "node-patch-config-error";
export const CONFIG_PATH = ".github/node-patch-bot.yml";
