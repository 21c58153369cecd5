/* Generated from schemas/machines.schema.json by scripts/gen-types.ts. Do not edit. */

/**
 * One document of a WKS Machines manifest: a Cluster API Machine or its ExistingInfraMachine. The manifest is a stream of these; the i-th Machine pairs with the i-th ExistingInfraMachine.
 */
export type MachinesManifestDocument = Machine | ExistingInfraMachine;
/**
 * A Kubernetes object name (RFC 1123 subdomain).
 */
export type Name = string;

export interface Machine {
  apiVersion: "cluster.x-k8s.io/v1alpha3";
  kind: "Machine";
  metadata: Metadata;
  spec: {
    clusterName?: string;
    bootstrap?: {};
    version?: string;
    infrastructureRef: {
      apiVersion?: "cluster.weave.works/v1alpha3";
      kind: "ExistingInfraMachine";
      name: Name;
      namespace?: Name;
    };
  };
}
export interface Metadata {
  name: Name;
  namespace?: Name;
  labels?: StringMap;
  annotations?: StringMap;
}
export interface StringMap {
  [k: string]: string;
}
export interface ExistingInfraMachine {
  apiVersion: "cluster.weave.works/v1alpha3";
  kind: "ExistingInfraMachine";
  metadata: Metadata;
  spec: {
    private: Endpoint;
    public?: Endpoint;
  };
}
export interface Endpoint {
  address: string;
  port?: number;
}
