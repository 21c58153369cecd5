// The simulated WKS cluster: public entry point.
export type { ApiResponse } from "./api.js";
export { createSimClock, DEFAULT_SIM_START, type SimClock } from "./clock.js";
export { drainSkips } from "./controller.js";
export { PDB_VIOLATION_MESSAGE } from "./eviction.js";
export { type SimApiServer, type SimApiServerOptions, startSimApiServer } from "./http-server.js";
export type * from "./k8s-types.js";
export {
  DEFAULT_MACHINE_NAMESPACE,
  MACHINE_API_VERSION,
  MACHINE_GROUP,
  type MachineObject,
} from "./machines.js";
export { desiredMachines, type ManifestReading, type ManifestTextOptions } from "./manifest.js";
export { KURED_MOST_RECENT_REBOOT_NEEDED, KURED_REBOOT_IN_PROGRESS, MASTER_ROLE_LABEL } from "./nodes.js";
export type { Json } from "./patch.js";
export {
  createSimCluster,
  type DesiredMachine,
  type NodeImage,
  type ReconcileResult,
  type SimApi,
  type SimCluster,
  type SimClusterOptions,
  type SimFaults,
  type Timings,
} from "./sim-cluster.js";
export { DEFAULT_IMAGE, DEFAULT_TIMINGS } from "./world.js";
