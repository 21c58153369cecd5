/* Generated from schemas/machine-list.schema.json by scripts/gen-types.ts. Do not edit. */

/**
 * The fields of a `cluster.x-k8s.io/v1alpha3` MachineList (as the Kubernetes API server lists the Machine custom resources the GitOps reconciler applied) that the in-cluster agent depends on: each Machine's name, namespace and annotations (where the bot records the taints it wants). Everything else passes unchecked.
 */
export interface MachineList {
  apiVersion?: string;
  kind?: string;
  items: Machine[];
}
/**
 * A Machine custom resource.
 *
 * This interface was referenced by `MachineList`'s JSON-Schema
 * via the `definition` "Machine".
 */
export interface Machine {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace: string;
    resourceVersion?: string;
    labels?: {
      [k: string]: string;
    };
    annotations?: {
      [k: string]: string;
    };
  };
}
