// The files of the demo's cluster repository: wksctl's footloose example (Apache-2.0) with the
// cluster-name label the controller needs and a second worker, a pool of two spare workers already on the
// patched image, and a config that lets the bot merge phases itself.

export const DEMO_MANIFEST = `# Machines of the example cluster (from wksctl's footloose example, Apache-2.0).
apiVersion: cluster.x-k8s.io/v1alpha3
kind: Machine
metadata:
  labels:
    set: master
    cluster.x-k8s.io/cluster-name: example
  name: master-1
spec:
  clusterName: example
  bootstrap: {}
  version: 1.18.15
  infrastructureRef:
    apiVersion: cluster.weave.works/v1alpha3
    kind: ExistingInfraMachine
    name: master-1
---
apiVersion: cluster.weave.works/v1alpha3
kind: ExistingInfraMachine
metadata:
  name: master-1
spec:
  private:
    address: 172.17.0.2
    port: 22
  public:
    address: 127.0.0.1
    port: 2222
---
apiVersion: cluster.x-k8s.io/v1alpha3
kind: Machine
metadata:
  labels:
    set: worker
    cluster.x-k8s.io/cluster-name: example
  name: worker-1
spec:
  clusterName: example
  bootstrap: {}
  version: 1.18.15
  infrastructureRef:
    apiVersion: cluster.weave.works/v1alpha3
    kind: ExistingInfraMachine
    name: worker-1
---
apiVersion: cluster.weave.works/v1alpha3
kind: ExistingInfraMachine
metadata:
  name: worker-1
spec:
  private:
    address: 172.17.0.3
    port: 22
  public:
    address: 127.0.0.1
    port: 2223
---
apiVersion: cluster.x-k8s.io/v1alpha3
kind: Machine
metadata:
  labels:
    set: master
    cluster.x-k8s.io/cluster-name: example
  name: master-2
spec:
  clusterName: example
  bootstrap: {}
  version: 1.18.15
  infrastructureRef:
    apiVersion: cluster.weave.works/v1alpha3
    kind: ExistingInfraMachine
    name: master-2
---
apiVersion: cluster.weave.works/v1alpha3
kind: ExistingInfraMachine
metadata:
  name: master-2
spec:
  private:
    address: 172.17.0.4
    port: 22
  public:
    address: 127.0.0.1
    port: 2224
---
apiVersion: cluster.x-k8s.io/v1alpha3
kind: Machine
metadata:
  labels:
    set: worker
    cluster.x-k8s.io/cluster-name: example
  name: worker-2
spec:
  clusterName: example
  bootstrap: {}
  version: 1.18.15
  infrastructureRef:
    apiVersion: cluster.weave.works/v1alpha3
    kind: ExistingInfraMachine
    name: worker-2
---
apiVersion: cluster.weave.works/v1alpha3
kind: ExistingInfraMachine
metadata:
  name: worker-2
spec:
  private:
    address: 172.17.0.5
    port: 22
  public:
    address: 127.0.0.1
    port: 2225
`;

export const DEMO_POOL = `# Provisioned spare machines, on the patched base image. node-patch-bot moves them into
# setup/machines.yaml as it replaces workers.
apiVersion: cluster.x-k8s.io/v1alpha3
kind: Machine
metadata:
  labels:
    set: worker
    cluster.x-k8s.io/cluster-name: example
  name: worker-3
spec:
  clusterName: example
  bootstrap: {}
  version: 1.18.15
  infrastructureRef:
    apiVersion: cluster.weave.works/v1alpha3
    kind: ExistingInfraMachine
    name: worker-3
---
apiVersion: cluster.weave.works/v1alpha3
kind: ExistingInfraMachine
metadata:
  name: worker-3
spec:
  private:
    address: 172.17.0.6
    port: 22
  public:
    address: 127.0.0.1
    port: 2226
---
apiVersion: cluster.x-k8s.io/v1alpha3
kind: Machine
metadata:
  labels:
    set: worker
    cluster.x-k8s.io/cluster-name: example
  name: worker-4
spec:
  clusterName: example
  bootstrap: {}
  version: 1.18.15
  infrastructureRef:
    apiVersion: cluster.weave.works/v1alpha3
    kind: ExistingInfraMachine
    name: worker-4
---
apiVersion: cluster.weave.works/v1alpha3
kind: ExistingInfraMachine
metadata:
  name: worker-4
spec:
  private:
    address: 172.17.0.7
    port: 22
  public:
    address: 127.0.0.1
    port: 2227
`;

export const DEMO_CONFIG = `# node-patch-bot configuration (see the README)
manifestPath: setup/machines.yaml
poolPath: setup/pool.yaml
merge:
  mode: auto
`;

export const DEMO_REQUEST = `A CVE fix in the base image: replace both workers with the patched spares from the pool.

\`\`\`yaml
strategy: replace
machines:
  role: worker
maxSurge: 1
maxUnavailable: 0
target:
  kernelVersion: 3.10.0-1160.119.1.el7.x86_64
reason: CVE-2026-0001 in the base image
\`\`\`
`;

export const PATCHED_IMAGE = {
  osImage: "CentOS Linux 7 (Core)",
  kernelVersion: "3.10.0-1160.119.1.el7.x86_64",
};
