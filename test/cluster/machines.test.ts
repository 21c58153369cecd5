// The Machine custom resources: the simulated cluster serves what the GitOps reconciler applied from the
// manifest (list and get, namespaced, as the API server serves a CRD), and the real port lists them.
import { afterEach, describe, expect, it } from "vitest";
import { type ClusterPort, createKubernetesClusterPort, loadKubeConfig } from "../../src/cluster/index.js";
import {
  createSimCluster,
  type SimApiServer,
  type SimCluster,
  startSimApiServer,
} from "../../src/sandbox/cluster/index.js";
import { DEMO_MANIFEST } from "../../src/sandbox/demo-files.js";

const TOKEN = "sandbox-token";
const ANNOTATION = "node-patch-bot.dev/taints";
const TAINTS = '[{"key":"node-patch-bot.dev/patching","value":"r1","effect":"NoSchedule"}]';

/** The demo manifest with the bot's taint annotation on worker-1's Machine (and worker-2 in `ops`). */
function tainted(): string {
  return DEMO_MANIFEST.replace(
    "  name: worker-1\nspec:\n  clusterName",
    `  name: worker-1\n  annotations:\n    ${ANNOTATION}: '${TAINTS}'\nspec:\n  clusterName`,
  ).replace(
    "  name: worker-2\nspec:\n  clusterName",
    "  name: worker-2\n  namespace: ops\nspec:\n  clusterName",
  );
}

let server: SimApiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

interface Served {
  kind?: string;
  message?: string;
  metadata: { annotations?: Record<string, string> };
  items: { apiVersion: string; kind: string; spec: unknown; metadata: { namespace: string; name: string } }[];
}

async function serve(
  sim: SimCluster,
): Promise<{ port: ClusterPort; get: (path: string) => Promise<{ status: number; body: Served }> }> {
  server = await startSimApiServer(sim, { token: TOKEN });
  const url = server.url;
  return {
    port: createKubernetesClusterPort({
      config: loadKubeConfig({ kind: "token", server: url, token: TOKEN, skipTLSVerify: true }),
    }),
    get: async (path) => {
      const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
      return { status: response.status, body: (await response.json()) as Served };
    },
  };
}

describe("Machines applied from the manifest", () => {
  it("are served per namespace and across namespaces, each item with its apiVersion and kind", async () => {
    const sim = createSimCluster();
    expect(sim.reconcileManifestText(tainted()).ok).toBe(true);
    const { get } = await serve(sim);
    const all = (await get("/apis/cluster.x-k8s.io/v1alpha3/machines")).body;
    expect(all.kind).toBe("MachineList");
    const names = (list: Served) => list.items.map((m) => `${m.metadata.namespace}/${m.metadata.name}`);
    expect(names(all)).toEqual(["default/master-1", "default/master-2", "default/worker-1", "ops/worker-2"]);
    expect(all.items[0]).toMatchObject({
      apiVersion: "cluster.x-k8s.io/v1alpha3",
      kind: "Machine",
      spec: { clusterName: "example", infrastructureRef: { kind: "ExistingInfraMachine", name: "master-1" } },
    });
    const ops = (await get("/apis/cluster.x-k8s.io/v1alpha3/namespaces/ops/machines")).body;
    expect(names(ops)).toEqual(["ops/worker-2"]);
    const one = await get("/apis/cluster.x-k8s.io/v1alpha3/namespaces/default/machines/worker-1");
    expect(one.body.metadata.annotations).toEqual({ [ANNOTATION]: TAINTS });
    const missing = await get("/apis/cluster.x-k8s.io/v1alpha3/namespaces/default/machines/worker-9");
    expect([missing.status, missing.body.message]).toEqual([
      404,
      'machines.cluster.x-k8s.io "worker-9" not found',
    ]);
  });

  it("follow the manifest: a dropped annotation is gone, a dropped machine pruned, an unchanged one untouched", () => {
    const sim = createSimCluster();
    sim.reconcileManifestText(tainted());
    const before = sim.machineObjects();
    sim.reconcileManifestText(tainted());
    expect(sim.machineObjects()).toEqual(before);
    const withoutWorker2 = DEMO_MANIFEST.split("---").slice(0, 4).join("---");
    sim.reconcileManifestText(withoutWorker2);
    const after = sim.machineObjects();
    expect(after.map((m) => m.metadata.name)).toEqual(["master-1", "worker-1"]);
    const worker1 = after.find((m) => m.metadata.name === "worker-1");
    const worker1Before = before.find((m) => m.metadata.name === "worker-1");
    expect(worker1?.metadata.annotations).toBeUndefined();
    expect(worker1?.metadata.uid).toBe(worker1Before?.metadata.uid);
    expect(worker1?.metadata.resourceVersion).not.toBe(worker1Before?.metadata.resourceVersion);
  });

  it("an invalid manifest applies nothing", () => {
    const sim = createSimCluster();
    sim.reconcileManifestText(tainted());
    const before = sim.machineObjects();
    expect(sim.reconcileManifestText("kind: Machine\nmetadata: {}\n").ok).toBe(false);
    expect(sim.machineObjects()).toEqual(before);
  });
});

describe("ClusterPort.listMachines", () => {
  it("lists every namespace's Machines with their annotations", async () => {
    const sim = createSimCluster();
    sim.reconcileManifestText(tainted());
    const { port } = await serve(sim);
    expect(await port.listMachines()).toEqual([
      { namespace: "default", name: "master-1", annotations: {} },
      { namespace: "default", name: "master-2", annotations: {} },
      { namespace: "default", name: "worker-1", annotations: { [ANNOTATION]: TAINTS } },
      { namespace: "ops", name: "worker-2", annotations: {} },
    ]);
  });

  it("is undefined when the cluster does not serve the Machine CRD (the API server answers 404)", async () => {
    const sim = createSimCluster({ machineCrd: false });
    sim.reconcileManifestText(tainted());
    const { port, get } = await serve(sim);
    expect((await get("/apis/cluster.x-k8s.io/v1alpha3/machines")).status).toBe(404);
    expect(await port.listMachines()).toBeUndefined();
  });
});
