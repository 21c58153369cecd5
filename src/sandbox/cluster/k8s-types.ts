// The JSON shapes of the Kubernetes objects the simulated cluster stores and serves (the subset of fields it
// uses, spelled as the API server spells them). Tests check every served object against Kubernetes' schemas.

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid: string;
  resourceVersion: string;
  generation?: number;
  creationTimestamp: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
}

export interface NodeTaint {
  key: string;
  value?: string;
  effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
  timeAdded?: string;
}

export interface Condition {
  type: string;
  status: "True" | "False" | "Unknown";
  lastTransitionTime: string;
  reason?: string;
  message?: string;
}

export interface NodeCondition extends Condition {
  lastHeartbeatTime: string;
}

export interface Node {
  apiVersion: "v1";
  kind: "Node";
  metadata: ObjectMeta;
  spec: { podCIDR?: string; providerID?: string; taints?: NodeTaint[]; unschedulable?: boolean };
  status: {
    conditions: NodeCondition[];
    addresses: { type: "InternalIP" | "Hostname" | "ExternalIP"; address: string }[];
    nodeInfo: {
      machineID: string;
      systemUUID: string;
      bootID: string;
      kernelVersion: string;
      osImage: string;
      containerRuntimeVersion: string;
      kubeletVersion: string;
      kubeProxyVersion: string;
      operatingSystem: string;
      architecture: string;
    };
    capacity: Record<string, string>;
    allocatable: Record<string, string>;
  };
}

export interface Toleration {
  key?: string;
  operator?: "Exists" | "Equal";
  value?: string;
  effect?: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
}

export interface Pod {
  apiVersion: "v1";
  kind: "Pod";
  metadata: ObjectMeta & { namespace: string };
  spec: {
    nodeName?: string;
    containers: { name: string; image: string }[];
    tolerations?: Toleration[];
    priority?: number;
    schedulerName: string;
    restartPolicy: "Always";
  };
  status: {
    phase: "Pending" | "Running" | "Succeeded" | "Failed";
    conditions?: Condition[];
    hostIP?: string;
    podIP?: string;
    startTime?: string;
  };
}

export interface LabelSelectorRequirement {
  key: string;
  operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export interface PodDisruptionBudget {
  apiVersion: "policy/v1";
  kind: "PodDisruptionBudget";
  metadata: ObjectMeta & { namespace: string };
  spec: { minAvailable?: number | string; maxUnavailable?: number | string; selector?: LabelSelector };
  status: {
    observedGeneration: number;
    disruptionsAllowed: number;
    currentHealthy: number;
    desiredHealthy: number;
    expectedPods: number;
    conditions: (Condition & { observedGeneration: number })[];
  };
}

/** `meta/v1` Status: what the API server answers on errors. */
export interface Status {
  kind: "Status";
  apiVersion: "v1";
  metadata: Record<string, never>;
  status: "Success" | "Failure";
  message?: string;
  reason?: string;
  details?: {
    name?: string;
    retryAfterSeconds?: number;
    group?: string;
    kind?: string;
    causes?: { reason: string; message: string }[];
  };
  code: number;
}
