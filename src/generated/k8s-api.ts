/* Generated from schemas/k8s-api.schema.json by scripts/gen-types.ts. Do not edit. */

/**
 * The fields of Kubernetes API responses the bot's cluster port depends on (nodes, pods, PodDisruptionBudgets, Status errors). Checked where responses enter the bot; every other field is ignored.
 */
export type KubernetesApiResponse = NodeList | PodList | PodDisruptionBudgetList | Status;
export type IntOrPercent = number | string;

export interface NodeList {
  items: Node[];
}
export interface Node {
  metadata: {
    name: string;
    resourceVersion?: string;
    labels?: StringMap;
    annotations?: StringMap;
  };
  spec?: {
    unschedulable?: boolean;
    taints?: NodeTaint[];
  };
  status?: {
    conditions?: {
      type: string;
      status: string;
      reason?: string;
      message?: string;
    }[];
    addresses?: {
      type: string;
      address: string;
    }[];
    nodeInfo?: {
      kubeletVersion: string;
      osImage: string;
      kernelVersion: string;
    };
  };
}
export interface StringMap {
  [k: string]: string;
}
export interface NodeTaint {
  key: string;
  value?: string;
  effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
  /**
   * Kept as read when the taints are written back.
   */
  timeAdded?: unknown;
}
export interface PodList {
  items: Pod[];
}
export interface Pod {
  metadata: {
    name: string;
    namespace: string;
    labels?: StringMap;
    annotations?: StringMap;
    /**
     * Present while the pod terminates (a string on the wire, a Date once the client parsed it).
     */
    deletionTimestamp?: unknown;
    ownerReferences?: {
      kind: string;
      name: string;
      controller?: boolean;
    }[];
  };
  spec?: {
    nodeName?: string;
  };
  status?: {
    phase?: string;
    conditions?: {
      type: string;
      status: string;
    }[];
  };
}
export interface PodDisruptionBudgetList {
  items: PodDisruptionBudget[];
}
export interface PodDisruptionBudget {
  metadata: {
    name: string;
    namespace: string;
  };
  spec: {
    selector?: LabelSelector;
    minAvailable?: IntOrPercent;
    maxUnavailable?: IntOrPercent;
  };
  status?: {
    disruptionsAllowed?: number;
    currentHealthy?: number;
    desiredHealthy?: number;
    expectedPods?: number;
  };
}
export interface LabelSelector {
  matchLabels?: StringMap;
  matchExpressions?: {
    key: string;
    operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
    values?: string[];
  }[];
}
export interface Status {
  kind: "Status";
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: {
    causes?: {
      reason?: string;
      message?: string;
    }[];
  };
}
