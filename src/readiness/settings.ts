// Gate settings: the repository config's `readiness` section (schemas/readiness.schema.json) resolved to
// milliseconds, with the schema's defaults, so the defaults live in the schema only.
import readinessSchema from "../../schemas/readiness.schema.json" with { type: "json" };
import type { Gate } from "../generated/plan.js";
import type { LabelSelector, ReadinessConfig } from "../generated/readiness.js";

export type { FiringAlert, LabelSelector, ReadinessConfig } from "../generated/readiness.js";

export type GateKind = Gate["kind"];

export interface GateSettings {
  /** How long each kind of gate may take after its phase merged before the rollout holds. */
  timeoutMs: Record<GateKind, number>;
  /** How long a gate must keep passing after it first passed. */
  soakMs: number;
  /** Pods matching any of these on a node in flight block the gate. */
  blockingPodSelectors: readonly LabelSelector[];
  /** Set when a Prometheus server is configured: the caller then fetches alerts and any firing one blocks. */
  prometheus?: { url: string; ignoreAlerts?: string };
}

const MINUTE = 60_000;

function schemaDefault(
  property: "timeoutMinutes" | "drainTimeoutMinutes" | "removalTimeoutMinutes" | "soakMinutes",
): number {
  return readinessSchema.properties[property].default;
}

/** Resolves the config's `readiness` section (already validated against its schema) to gate settings. */
export function gateSettings(config: ReadinessConfig = {}): GateSettings {
  const ready = (config.timeoutMinutes ?? schemaDefault("timeoutMinutes")) * MINUTE;
  const drained = (config.drainTimeoutMinutes ?? schemaDefault("drainTimeoutMinutes")) * MINUTE;
  const gone = (config.removalTimeoutMinutes ?? schemaDefault("removalTimeoutMinutes")) * MINUTE;
  const settings: GateSettings = {
    // An in-place taint phase drains first, then waits for the patch and reboot: both budgets apply.
    timeoutMs: { ready, drained, patched: drained + ready, gone },
    soakMs: (config.soakMinutes ?? schemaDefault("soakMinutes")) * MINUTE,
    blockingPodSelectors: config.blockingPodSelectors ?? [],
  };
  if (config.prometheus !== undefined) settings.prometheus = { ...config.prometheus };
  return settings;
}
