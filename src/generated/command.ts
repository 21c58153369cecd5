/* Generated from schemas/command.schema.json by scripts/gen-types.ts. Do not edit. */

/**
 * A /patch command parsed from an issue or pull request comment.
 */
export type PatchCommand =
  | {
      kind: "plan";
      request: PatchRequest;
    }
  | {
      kind: "approve" | "resume" | "cancel" | "retry" | "status" | "rollback";
    }
  | {
      kind: "hold";
      reason?: string;
    }
  | {
      kind: "help";
      reason?: string;
    }
  | {
      kind: "invalid";
      subcommand: string;
      message: string;
    };

/**
 * A request to patch the operating system of some of a cluster's machines (YAML or JSON). The planner turns it into waves of single-kind phases.
 */
export interface PatchRequest {
  /**
   * `replace` cycles machines (add new, taint old, remove old); `in-place` drains machines while they are patched out of band, then returns them to service.
   */
  strategy: "replace" | "in-place";
  machines?: Selection;
  /**
   * How many machines of a role may exist beyond the initial count: an integer, or a percentage of the selected machines of that role, rounded up (Cluster API semantics). Default 1.
   */
  maxSurge?: number | string;
  /**
   * How many schedulable Ready machines of a role may be missing at any time: an integer, or a percentage of the selected machines of that role, rounded down (Cluster API semantics). Default 0.
   */
  maxUnavailable?: number | string;
  /**
   * New machines for `replace`, taken in the order the selected machines roll (control plane first). Without it, replacements are taken in order from the pool file named in the repository config.
   */
  replacements?: Replacement[];
  target?: Target;
  /**
   * Informational: what is being patched (e.g. `linux-image-generic`, `openssh-server`). Kubernetes packages (docker, containerd, kubelet, kubeadm, kubectl, kubernetes-cni, cri-tools) are refused: the WKS controller manages them.
   */
  packages?: string[];
  /**
   * Why the machines are patched (e.g. a CVE); shown in the plan, the commits and the pull requests.
   */
  reason?: string;
}
/**
 * Which machines to patch. All given criteria must match. Without `role` and with `names`, the named machines are selected whatever their role.
 *
 * This interface was referenced by `PatchRequest`'s JSON-Schema
 * via the `definition` "Selection".
 */
export interface Selection {
  /**
   * `worker` (default), `control-plane` (machines with `set: master`) or `all`.
   */
  role?: "worker" | "control-plane" | "all";
  /**
   * Machine names (`metadata.name` of the Machine).
   *
   * Items: a Kubernetes object name: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters
   *
   * This interface was referenced by `PatchRequest`'s JSON-Schema
   * via the `definition` "Name".
   */
  names?: string[];
  /**
   * Labels every selected Machine carries (`metadata.labels`).
   */
  labels?: {
    [k: string]: string;
  };
}
/**
 * A new machine: a Machine and its ExistingInfraMachine, conventions copied from machines of the same role.
 *
 * This interface was referenced by `PatchRequest`'s JSON-Schema
 * via the `definition` "Replacement".
 */
export interface Replacement {
  /**
   * a Kubernetes object name: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters
   *
   * This interface was referenced by `PatchRequest`'s JSON-Schema
   * via the `definition` "Name".
   */
  name: string;
  /**
   * an IP address or a host name
   *
   * This interface was referenced by `PatchRequest`'s JSON-Schema
   * via the `definition` "Address".
   */
  privateAddress: string;
  /**
   * This interface was referenced by `PatchRequest`'s JSON-Schema
   * via the `definition` "Port".
   */
  privatePort?: number;
  /**
   * an IP address or a host name
   *
   * This interface was referenced by `PatchRequest`'s JSON-Schema
   * via the `definition` "Address".
   */
  publicAddress?: string;
  /**
   * This interface was referenced by `PatchRequest`'s JSON-Schema
   * via the `definition` "Port".
   */
  publicPort?: number;
}
/**
 * What "patched" means, checked by the readiness gates against each Node's `status.nodeInfo`. Required for `in-place`.
 *
 * This interface was referenced by `PatchRequest`'s JSON-Schema
 * via the `definition` "Target".
 */
export interface Target {
  /**
   * Expected `status.nodeInfo.osImage`.
   */
  osImage?: string;
  /**
   * Expected `status.nodeInfo.kernelVersion`.
   */
  kernelVersion?: string;
}
