// The real cluster port (@kubernetes/client-node) against the simulated cluster's HTTP API.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  BOT_CORDON_ANNOTATION,
  type ClusterPort,
  createKubeApi,
  createKubernetesClusterPort,
  loadKubeConfig,
  nodeForAddress,
  type Time,
  validateSnapshot,
} from "../../src/cluster/index.js";
import {
  type Json,
  type SimApiServer,
  type SimCluster,
  startSimApiServer,
} from "../../src/sandbox/cluster/index.js";
import { MACHINES, MINUTE, readyCluster } from "../sandbox/cluster/fixtures.js";
import { validateK8s } from "../sandbox/cluster/k8s-schemas.js";

const BOT_KEY = "node-patch-bot.dev/patching";
const BOT_TAINT = { key: BOT_KEY, value: "wave-1", effect: "NoSchedule" } as const;
const PERSON_TAINT = { key: "example.com/maintenance", value: "disk", effect: "NoSchedule" } as const;
const TOKEN = "sandbox-token";

let sim: SimCluster;
let server: SimApiServer;
let port: ClusterPort;
let time: Time;
let served: Array<{ path: string; body: unknown }>;

beforeEach(async () => {
  sim = readyCluster();
  served = [];
  server = await startSimApiServer(sim, { token: TOKEN, onResponse: (r) => served.push(r) });
  // Simulated time: the drain's backoff sleeps advance the simulated cluster's clock.
  time = { now: () => sim.clock.now(), sleep: (ms) => sim.clock.sleep(ms) };
  port = createKubernetesClusterPort({
    config: loadKubeConfig({ kind: "token", server: server.url, token: TOKEN, skipTLSVerify: true }),
    time,
  });
});

afterEach(async () => {
  await server.close();
  // Every object the simulated API served during the test is a valid Kubernetes object.
  for (const { body } of served) validateK8s(body);
});

const personPatch = (node: string, patch: Json) =>
  sim.api.patchNode(node, "application/merge-patch+json", patch);
const webPodOn = (node: string) => sim.pods({ nodeName: node, namespace: "shop" })[0]?.metadata.name;

describe("snapshot", () => {
  it("reads nodes, their pods and the budgets as plain data matched to machines by InternalIP", async () => {
    sim.addPdb({
      namespace: "shop",
      name: "web",
      minAvailable: 2,
      selector: { matchLabels: { app: "web" } },
    });
    const snapshot = await port.snapshot();
    expect(validateSnapshot(snapshot)).toBe(true);
    expect(snapshot.takenAt).toBe(new Date(sim.clock.now()).toISOString());
    expect(snapshot.nodes.map((n) => n.name)).toEqual([
      "ip-10-0-0-10",
      "ip-10-0-0-20",
      "ip-10-0-0-21",
      "ip-10-0-0-22",
    ]);
    const worker = nodeForAddress(snapshot, "10.0.0.20");
    expect(worker).toMatchObject({
      name: "ip-10-0-0-20",
      internalIP: "10.0.0.20",
      ready: true,
      unschedulable: false,
      cordonedByBot: false,
      taints: [],
      kubeletVersion: "v1.20.5",
      osImage: "CentOS Linux 7 (Core)",
      kernelVersion: "3.10.0-1127.el7.x86_64",
      controlPlane: false,
    });
    expect(worker?.pods.map((p) => [p.namespace, p.ownerKind, p.evictable, p.skipReason, p.budgets])).toEqual(
      [
        ["kube-system", "DaemonSet", false, "daemonset", []],
        ["shop", "ReplicaSet", true, undefined, ["web"]],
      ],
    );
    const master = nodeForAddress(snapshot, "10.0.0.10");
    expect(master?.controlPlane).toBe(true);
    expect(master?.pods.filter((p) => p.skipReason === "mirror")).toHaveLength(4);
    expect(snapshot.podDisruptionBudgets).toEqual([
      {
        namespace: "shop",
        name: "web",
        selector: { matchLabels: { app: "web" } },
        minAvailable: 2,
        disruptionsAllowed: 1,
        currentHealthy: 3,
        desiredHealthy: 2,
        expectedPods: 3,
      },
    ]);
    expect(nodeForAddress(snapshot, "10.9.9.9")).toBeUndefined();
  });

  it("rides out transient API errors", async () => {
    sim.faults.apiErrors({ pathPrefix: "/api/v1/nodes", status: 500, count: 1 });
    sim.faults.apiErrors({ pathPrefix: "/api/v1/pods", status: 429, count: 2 });
    expect((await port.snapshot()).nodes).toHaveLength(4);
  });
});

describe("configuration", () => {
  it("loads a kubeconfig file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "npb-kubeconfig-"));
    const path = join(dir, "config");
    writeFileSync(
      path,
      [
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        `- name: sim\n  cluster:\n    server: ${server.url}\n    insecure-skip-tls-verify: true`,
        `users:\n- name: bot\n  user:\n    token: ${TOKEN}`,
        "contexts:\n- name: sim\n  context:\n    cluster: sim\n    user: bot",
        "current-context: sim",
        "",
      ].join("\n"),
    );
    try {
      const fromFile = createKubernetesClusterPort({ config: loadKubeConfig({ kind: "file", path }), time });
      expect((await fromFile.snapshot()).nodes).toHaveLength(4);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("taints", () => {
  it("adds and removes only the bot's taints, never kubeadm's or a person's", async () => {
    personPatch("ip-10-0-0-21", { spec: { taints: [PERSON_TAINT] } });
    const added = await port.applyBotTaints("ip-10-0-0-21", [BOT_TAINT], [BOT_KEY]);
    expect(added).toMatchObject({ changed: true, added: [BOT_TAINT], removed: [] });
    expect(sim.node("ip-10-0-0-21")?.spec.taints).toEqual([PERSON_TAINT, BOT_TAINT]);
    expect((await port.applyBotTaints("ip-10-0-0-21", [BOT_TAINT], [BOT_KEY])).changed).toBe(false);
    const removed = await port.applyBotTaints("ip-10-0-0-21", [], [BOT_KEY]);
    expect(removed).toMatchObject({ changed: true, added: [], removed: [BOT_TAINT], taints: [PERSON_TAINT] });
    expect(sim.node("ip-10-0-0-21")?.spec.taints).toEqual([PERSON_TAINT]);

    await port.applyBotTaints("ip-10-0-0-10", [BOT_TAINT], [BOT_KEY]);
    await port.applyBotTaints("ip-10-0-0-10", [], [BOT_KEY]);
    expect(sim.node("ip-10-0-0-10")?.spec.taints).toEqual([
      { key: "node-role.kubernetes.io/master", effect: "NoSchedule" },
    ]);
  });

  it("refuses to write a taint whose key is not one of the bot's", async () => {
    await expect(port.applyBotTaints("ip-10-0-0-21", [PERSON_TAINT], [BOT_KEY])).rejects.toThrow(
      /not one of the bot's/,
    );
  });

  it("keeps a person's concurrent edit: a stale write gets 409 and is redone on the fresh node", async () => {
    const api = createKubeApi(
      loadKubeConfig({ kind: "token", server: server.url, token: TOKEN, skipTLSVerify: true }),
    );
    let raced = false;
    const racing = createKubernetesClusterPort({
      config: {
        api: {
          ...api,
          mergePatchNode: (name, patch) => {
            if (!raced) {
              raced = true;
              personPatch(name, { metadata: { labels: { "example.com/owner": "ops" } } });
            }
            return api.mergePatchNode(name, patch);
          },
        },
      },
      time,
    });
    await racing.applyBotTaints("ip-10-0-0-22", [BOT_TAINT], [BOT_KEY]);
    const node = sim.node("ip-10-0-0-22");
    expect(node?.metadata.labels?.["example.com/owner"]).toBe("ops");
    expect(node?.spec.taints).toEqual([BOT_TAINT]);
    expect(served.some((r) => (r.body as { code?: number }).code === 409)).toBe(true);
  });
});

describe("cordon", () => {
  it("remembers its own cordon and uncordons only that", async () => {
    expect(await port.cordon("ip-10-0-0-22")).toBe("cordoned");
    expect(sim.node("ip-10-0-0-22")?.metadata.annotations?.[BOT_CORDON_ANNOTATION]).toBe("true");
    expect(await port.cordon("ip-10-0-0-22")).toBe("already-cordoned");
    expect((await port.snapshot()).nodes.find((n) => n.name === "ip-10-0-0-22")?.cordonedByBot).toBe(true);
    expect(await port.uncordon("ip-10-0-0-22")).toBe("uncordoned");
    expect(sim.node("ip-10-0-0-22")?.spec.unschedulable).toBeUndefined();
    expect(sim.node("ip-10-0-0-22")?.metadata.annotations?.[BOT_CORDON_ANNOTATION]).toBeUndefined();
  });

  it("fails with the API's 404 on a node that does not exist", async () => {
    await expect(port.cordon("ip-10-9-9-9")).rejects.toMatchObject({
      name: "ClusterError",
      code: 404,
      reason: "NotFound",
      message: 'reading node ip-10-9-9-9: nodes "ip-10-9-9-9" not found',
    });
  });

  it("leaves a person's cordon in place", async () => {
    personPatch("ip-10-0-0-21", { spec: { unschedulable: true } });
    expect(await port.cordon("ip-10-0-0-21")).toBe("cordoned-by-someone-else");
    expect(await port.uncordon("ip-10-0-0-21")).toBe("kept-cordon-of-someone-else");
    expect(sim.node("ip-10-0-0-21")?.spec.unschedulable).toBe(true);
  });
});

describe("drain", () => {
  beforeEach(() => {
    sim.addPdb({
      namespace: "shop",
      name: "web",
      minAvailable: 2,
      selector: { matchLabels: { app: "web" } },
    });
  });

  it("evicts workload pods, leaves DaemonSet pods, and waits out a budget until a replacement is Ready", async () => {
    const first = await port.drain("ip-10-0-0-20", { timeoutMs: 5 * MINUTE });
    expect(first).toMatchObject({
      complete: true,
      cordon: "cordoned",
      blocked: [],
      remaining: [],
    });
    // The evicted pod stays Terminating for its grace period (5 s in the simulation); the drain waits for it.
    expect(first.elapsedMs).toBeGreaterThanOrEqual(5_000);
    expect(first.skipped).toEqual([
      expect.objectContaining({ namespace: "kube-system", reason: "daemonset" }),
    ]);

    const held = webPodOn("ip-10-0-0-21");
    const second = await port.drain("ip-10-0-0-21", {
      timeoutMs: 5 * MINUTE,
      backoff: { initialMs: 2_000, maxMs: 8_000 },
    });
    expect(second.complete).toBe(true);
    expect(second.evicted).toContainEqual({ namespace: "shop", name: held });
    expect(new Set(sim.pods({ namespace: "shop" }).map((p) => p.spec.nodeName))).toEqual(
      new Set(["ip-10-0-0-22"]),
    );
    // 429 until the replacement of the first evicted pod was created (5 s) and Ready (10 s) on the last worker.
    expect(second.attempts).toBeGreaterThan(2);
    expect(second.elapsedMs).toBeGreaterThanOrEqual(15_000);
    expect(second.elapsedMs).toBeLessThan(MINUTE);
    expect(served.some((r) => (r.body as { code?: number }).code === 429)).toBe(true);
  });

  it("gives up at the timeout and reports each blocked pod with the budget that holds it", async () => {
    sim.faults.pdbNeverAllows("shop", "web");
    const held = webPodOn("ip-10-0-0-20");
    const result = await port.drain("ip-10-0-0-20", { timeoutMs: MINUTE });
    expect(result).toMatchObject({
      complete: false,
      evicted: [],
      remaining: [{ namespace: "shop", name: held }],
      blocked: [
        {
          namespace: "shop",
          name: held,
          budget: "web",
          message: "The disruption budget web needs 2 healthy pods and has 3 currently",
        },
      ],
      elapsedMs: MINUTE,
    });
  });

  it("retries evictions the API server rate-limited or failed, without mistaking them for a budget", async () => {
    sim.faults.apiErrors({
      pathPrefix: "/api/v1/namespaces/shop/pods/",
      status: 429,
      count: 1,
      method: "POST",
    });
    sim.faults.apiErrors({
      pathPrefix: "/api/v1/namespaces/shop/pods/",
      status: 500,
      count: 1,
      method: "POST",
    });
    const result = await port.drain("ip-10-0-0-20", { timeoutMs: MINUTE });
    expect(result).toMatchObject({ complete: true, blocked: [], remaining: [] });
    expect(result.attempts).toBeGreaterThanOrEqual(4);
  });

  it("reports a pod two budgets select as blocked, with the API server's reason", async () => {
    sim.addPdb({ namespace: "shop", name: "everything", maxUnavailable: 1, selector: {} });
    const result = await port.drain("ip-10-0-0-20", { timeoutMs: MINUTE });
    expect(result.complete).toBe(false);
    expect(result.blocked).toEqual([
      {
        namespace: "shop",
        name: webPodOn("ip-10-0-0-20"),
        message: expect.stringContaining("This pod has more than one PodDisruptionBudget"),
      },
    ]);
  });

  it("after the drain, removing the machine takes the Node away", async () => {
    const drained = await port.drain("ip-10-0-0-20", { timeoutMs: MINUTE });
    expect(drained.complete).toBe(true);
    sim.reconcile(MACHINES.filter((m) => m.privateAddress !== "10.0.0.20"));
    sim.clock.advance(MINUTE);
    const snapshot = await port.snapshot();
    expect(nodeForAddress(snapshot, "10.0.0.20")).toBeUndefined();
    expect(snapshot.nodes.flatMap((n) => n.pods).filter((p) => p.namespace === "shop")).toHaveLength(3);
  });
});
