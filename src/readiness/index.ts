// Readiness gates: when a merged phase has taken effect in the cluster, in plain words.
export {
  evaluateGate,
  type GateCondition,
  type GateInput,
  type GateStatus,
  type GateVerdict,
} from "./gate.js";
export { KURED_REBOOT_IN_PROGRESS } from "./machines.js";
export {
  AlertsError,
  type AlertsOptions,
  type AlertsReader,
  createAlertsReader,
  type FetchLike,
  fetchFiringAlerts,
} from "./prometheus.js";
export {
  type FiringAlert,
  type GateKind,
  type GateSettings,
  gateSettings,
  type LabelSelector,
  type ReadinessConfig,
} from "./settings.js";
