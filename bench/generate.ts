// Generates a realistic Machines manifest of N pairs (3 masters, the rest workers, three zones), the
// shape of the upstream examples with the cluster-name label, for benchmarks.
export function generateManifest(pairs: number): string {
  const docs: string[] = [];
  for (let i = 0; i < pairs; i++) {
    const master = i < 3;
    const name = master ? `master-${i}` : `worker-${i}`;
    docs.push(`apiVersion: cluster.x-k8s.io/v1alpha3
kind: Machine
metadata:
  labels:
    set: ${master ? "master" : "worker"}
    cluster.x-k8s.io/cluster-name: prod
    topology.kubernetes.io/zone: zone-${i % 3}
  name: ${name}
spec:
  clusterName: prod
  bootstrap: {}
  version: 1.19.7
  infrastructureRef:
    apiVersion: cluster.weave.works/v1alpha3
    kind: ExistingInfraMachine
    name: ${name}
`);
    docs.push(`apiVersion: cluster.weave.works/v1alpha3
kind: ExistingInfraMachine
metadata:
  name: ${name}
spec:
  private:
    address: ${address(i)}
    port: 22
  public:
    address: 192.0.2.1
    port: ${2000 + (i % 60000)}
`);
  }
  return docs.join("---\n");
}

export function address(i: number): string {
  return `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
}
