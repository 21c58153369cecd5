/* Generated from schemas/cluster-snapshot.schema.json by scripts/gen-types.ts. Do not edit. */

/**
 * What the bot sees of the cluster at one moment: plain data the readiness gates evaluate. Produced by the cluster port (or published by the in-cluster agent).
 */
export interface ClusterSnapshot {
  /**
   * When the snapshot was read (ISO 8601).
   */
  takenAt: string;
  nodes: SnapshotNode[];
  podDisruptionBudgets: SnapshotBudget[];
}
/**
 * This interface was referenced by `ClusterSnapshot`'s JSON-Schema
 * via the `definition` "SnapshotNode".
 */
export interface SnapshotNode {
  name: string;
  /**
   * The InternalIP address: the machine's private address.
   */
  internalIP?: string;
  /**
   * Condition Ready is True.
   */
  ready: boolean;
  /**
   * The Ready condition's reason and message when it is not True.
   */
  readyMessage?: string;
  /**
   * spec.unschedulable (cordoned).
   */
  unschedulable: boolean;
  /**
   * Cordoned, and the bot's annotation says the bot did it.
   */
  cordonedByBot?: boolean;
  taints: NodeTaint[];
  kubeletVersion: string;
  osImage: string;
  kernelVersion: string;
  /**
   * Labelled node-role.kubernetes.io/master or /control-plane.
   */
  controlPlane: boolean;
  labels: StringMap;
  annotations: StringMap;
  pods: SnapshotPod[];
}
/**
 * A taint as it is on the Node (any owner).
 *
 * This interface was referenced by `ClusterSnapshot`'s JSON-Schema
 * via the `definition` "NodeTaint".
 */
export interface NodeTaint {
  key: string;
  value?: string;
  effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
}
/**
 * This interface was referenced by `ClusterSnapshot`'s JSON-Schema
 * via the `definition` "StringMap".
 */
export interface StringMap {
  [k: string]: string;
}
/**
 * This interface was referenced by `ClusterSnapshot`'s JSON-Schema
 * via the `definition` "SnapshotPod".
 */
export interface SnapshotPod {
  namespace: string;
  name: string;
  /**
   * Kind of the controlling owner: ReplicaSet, DaemonSet, StatefulSet, Node (mirror pod), Job...
   */
  ownerKind?: string;
  ownerName?: string;
  labels: StringMap;
  phase: string;
  ready: boolean;
  /**
   * Has a deletionTimestamp.
   */
  terminating: boolean;
  /**
   * A drain must evict it: not a DaemonSet pod, not a mirror pod, not finished.
   */
  evictable: boolean;
  /**
   * Why a drain leaves it, when it does.
   */
  skipReason?: "daemonset" | "mirror" | "terminal";
  /**
   * Names of the PodDisruptionBudgets (same namespace) selecting it.
   */
  budgets: string[];
}
/**
 * This interface was referenced by `ClusterSnapshot`'s JSON-Schema
 * via the `definition` "SnapshotBudget".
 */
export interface SnapshotBudget {
  namespace: string;
  name: string;
  /**
   * Absent: selects no pods (policy/v1). Empty: selects every pod of the namespace.
   */
  selector?: {
    matchLabels?: StringMap;
    matchExpressions?: {
      key: string;
      operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
      values?: string[];
    }[];
  };
  minAvailable?: number | string;
  maxUnavailable?: number | string;
  disruptionsAllowed: number;
  currentHealthy: number;
  desiredHealthy: number;
  expectedPods: number;
}
