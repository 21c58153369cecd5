// A small WKS cluster used across the simulated-cluster tests.
import {
  createSimCluster,
  type DesiredMachine,
  type SimCluster,
  type SimClusterOptions,
} from "../../../src/sandbox/cluster/index.js";

export const MACHINES: DesiredMachine[] = [
  { name: "master-0", role: "control-plane", privateAddress: "10.0.0.10", version: "1.20.5" },
  { name: "worker-0", role: "worker", privateAddress: "10.0.0.20", version: "1.20.5" },
  { name: "worker-1", role: "worker", privateAddress: "10.0.0.21", version: "1.20.5" },
  { name: "worker-2", role: "worker", privateAddress: "10.0.0.22", version: "1.20.5" },
];

export const MINUTE = 60_000;

/** A cluster whose machines have joined and are Ready, with a web Deployment spread over the workers. */
export function readyCluster(options: SimClusterOptions = {}, machines = MACHINES): SimCluster {
  const sim = createSimCluster({
    nodeName: (m) => `ip-${m.privateAddress.replaceAll(".", "-")}`,
    ...options,
  });
  sim.reconcile(machines);
  sim.clock.advance(5 * MINUTE);
  sim.addDaemonSet({ namespace: "kube-system", name: "weave-net" });
  sim.addDeployment({ namespace: "shop", name: "web", replicas: 3, labels: { app: "web" } });
  sim.clock.advance(MINUTE);
  return sim;
}

export function isReady(sim: SimCluster, nodeName: string): boolean | undefined {
  return sim.node(nodeName)?.status.conditions.find((c) => c.type === "Ready")?.status === "True";
}
