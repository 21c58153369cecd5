// The cluster port: what the app uses to read the cluster and act on it.

export {
  type ActuationInput,
  type ActuationOptions,
  type ActuationReport,
  actuatePhase,
  type MachineActuation,
} from "./actuate.js";
export { createKubeApi, type KubeApi, MACHINE_GROUP, MACHINE_VERSION } from "./kube-client.js";
export { type KubeConfigSource, loadKubeConfig, SERVICE_ACCOUNT_DIR } from "./kubeconfig.js";
export { createKubernetesClusterPort, type KubernetesPortOptions } from "./kubernetes-port.js";
export * from "./port.js";
export { selectorMatches } from "./selector.js";
export { buildSnapshot, drainSkipReason, nodeForAddress } from "./snapshot.js";
export { planBotTaints, type TaintPlan } from "./taints.js";
export { validateSnapshot } from "./validate.js";
