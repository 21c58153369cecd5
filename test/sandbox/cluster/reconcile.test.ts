import { describe, expect, it } from "vitest";
import { createSimCluster, KURED_REBOOT_IN_PROGRESS } from "../../../src/sandbox/cluster/index.js";
import { isReady, MACHINES, MINUTE, readyCluster } from "./fixtures.js";

const WORKER = { name: "worker-9", role: "worker", privateAddress: "10.0.0.99", version: "1.20.5" } as const;

describe("the simulated WKS controller", () => {
  it("turns a new machine into a Node after provisioning, then Ready, with the image of its address", () => {
    const sim = createSimCluster({
      timings: { provisionMs: 90_000, readyMs: 30_000 },
      images: { "10.0.0.99": { osImage: "Ubuntu 20.04.2 LTS", kernelVersion: "5.4.0-77-generic" } },
      nodeName: (m) => `host-${m.name}`,
    });
    expect(sim.reconcile([WORKER])).toEqual({ created: ["worker-9"], deleting: [] });
    sim.clock.advance(89_000);
    expect(sim.nodes()).toEqual([]);
    sim.clock.advance(1_000);
    const node = sim.node("host-worker-9");
    expect(node?.status.addresses).toContainEqual({ type: "InternalIP", address: "10.0.0.99" });
    expect(isReady(sim, "host-worker-9")).toBe(false);
    expect(node?.status.nodeInfo).toMatchObject({
      osImage: "Ubuntu 20.04.2 LTS",
      kernelVersion: "5.4.0-77-generic",
      kubeletVersion: "v1.20.5",
    });
    sim.clock.advance(30_000);
    expect(isReady(sim, "host-worker-9")).toBe(true);
    expect(sim.node("host-worker-9")?.spec.taints).toBeUndefined();
  });

  it("gives control-plane nodes kubeadm's master taint and mirror pods", () => {
    const sim = readyCluster();
    const master = sim.node("ip-10-0-0-10");
    expect(master?.spec.taints).toEqual([{ key: "node-role.kubernetes.io/master", effect: "NoSchedule" }]);
    const mirrors = sim
      .pods({ nodeName: "ip-10-0-0-10" })
      .filter((p) => p.metadata.annotations?.["kubernetes.io/config.mirror"]);
    expect(mirrors.map((p) => p.metadata.name).sort()).toEqual([
      "etcd-ip-10-0-0-10",
      "kube-apiserver-ip-10-0-0-10",
      "kube-controller-manager-ip-10-0-0-10",
      "kube-scheduler-ip-10-0-0-10",
    ]);
  });

  it("spreads a Deployment over the schedulable workers and never onto the tainted master", () => {
    const sim = readyCluster();
    const web = sim.pods({ namespace: "shop" });
    expect(web.map((p) => p.spec.nodeName).sort()).toEqual(["ip-10-0-0-20", "ip-10-0-0-21", "ip-10-0-0-22"]);
    expect(web.every((p) => p.status.phase === "Running")).toBe(true);
  });

  it("lets a person delete a Node by hand: its pods run elsewhere, and the controller does not bring it back", () => {
    const sim = readyCluster();
    sim.deleteNodeByHand("ip-10-0-0-20");
    expect(sim.node("ip-10-0-0-20")).toBeUndefined();
    expect(sim.pods({ nodeName: "ip-10-0-0-20" })).toEqual([]);
    sim.clock.advance(MINUTE);
    expect(sim.reconcile(MACHINES)).toEqual({ created: [], deleting: [] });
    sim.clock.advance(5 * MINUTE);
    expect(sim.node("ip-10-0-0-20")).toBeUndefined();
    const web = sim.pods({ namespace: "shop" });
    expect(web.map((p) => p.spec.nodeName).sort()).toEqual(["ip-10-0-0-21", "ip-10-0-0-21", "ip-10-0-0-22"]);
    expect(() => sim.deleteNodeByHand("ip-10-0-0-20")).toThrow("no node ip-10-0-0-20");
  });

  it("drains a removed machine (cordon, evictions) and deletes its Node; the pods come back elsewhere", () => {
    const sim = readyCluster();
    const result = sim.reconcile(MACHINES.filter((m) => m.name !== "worker-0"));
    expect(result).toEqual({ created: [], deleting: ["worker-0"] });
    expect(sim.node("ip-10-0-0-20")?.spec.unschedulable).toBe(true);
    const terminating = sim.pods({ nodeName: "ip-10-0-0-20", namespace: "shop" });
    expect(terminating.map((p) => p.metadata.deletionTimestamp !== undefined)).toEqual([true]);
    sim.clock.advance(5_000);
    expect(sim.node("ip-10-0-0-20")).toBeUndefined();
    sim.clock.advance(MINUTE);
    const web = sim.pods({ namespace: "shop" });
    expect(web).toHaveLength(3);
    expect(web.map((p) => p.spec.nodeName).every((n) => n === "ip-10-0-0-21" || n === "ip-10-0-0-22")).toBe(
      true,
    );
  });

  it("gives up on a drain a budget blocks after one minute and deletes the Node anyway", () => {
    const sim = readyCluster();
    sim.addPdb({
      namespace: "shop",
      name: "web",
      minAvailable: 3,
      selector: { matchLabels: { app: "web" } },
    });
    sim.reconcile(MACHINES.filter((m) => m.name !== "worker-0"));
    expect(sim.node("ip-10-0-0-20")?.spec.unschedulable).toBe(true);
    sim.clock.advance(59_000);
    expect(sim.node("ip-10-0-0-20")).toBeDefined();
    sim.clock.advance(1_000);
    expect(sim.node("ip-10-0-0-20")).toBeUndefined();
  });

  it("with the drain-failure fault, leaves the Node joined and cordoned after the machine is gone", () => {
    const sim = readyCluster();
    sim.faults.drainFailureKeepsNode(true);
    sim.addPdb({
      namespace: "shop",
      name: "web",
      maxUnavailable: 0,
      selector: { matchLabels: { app: "web" } },
    });
    sim.reconcile(MACHINES.filter((m) => m.name !== "worker-0"));
    sim.clock.advance(10 * MINUTE);
    const node = sim.node("ip-10-0-0-20");
    expect(node?.spec.unschedulable).toBe(true);
    expect(node?.spec.taints).toContainEqual(
      expect.objectContaining({ key: "node.kubernetes.io/unschedulable" }),
    );
    expect(sim.pods({ nodeName: "ip-10-0-0-20", namespace: "shop" })).toHaveLength(1);
    expect(sim.reconcile(MACHINES.filter((m) => m.name !== "worker-0"))).toEqual({
      created: [],
      deleting: [],
    });
  });

  it("patches a cordoned node in place: NotReady with kured's annotation while it reboots, then the new kernel", () => {
    const sim = readyCluster({ timings: { rebootMs: 120_000 } });
    const image = { osImage: "CentOS Linux 7 (Core)", kernelVersion: "3.10.0-1160.el7.x86_64" };
    expect(() => sim.patchNodeImage("ip-10-0-0-21", image)).toThrow(/in service/);
    sim.patchWhenDisrupted("ip-10-0-0-21", image);
    sim.clock.advance(MINUTE);
    expect(isReady(sim, "ip-10-0-0-21")).toBe(true);
    sim.api.patchNode("ip-10-0-0-21", "application/merge-patch+json", { spec: { unschedulable: true } });
    expect(isReady(sim, "ip-10-0-0-21")).toBe(false);
    expect(sim.node("ip-10-0-0-21")?.metadata.annotations?.[KURED_REBOOT_IN_PROGRESS]).toBeDefined();
    sim.clock.advance(120_000);
    const node = sim.node("ip-10-0-0-21");
    expect(isReady(sim, "ip-10-0-0-21")).toBe(true);
    expect(node?.status.nodeInfo.kernelVersion).toBe("3.10.0-1160.el7.x86_64");
    expect(node?.metadata.annotations?.[KURED_REBOOT_IN_PROGRESS]).toBeUndefined();
    expect(node?.spec.unschedulable).toBe(true);
  });
});

describe("fault injection", () => {
  it("a node that never becomes Ready", () => {
    const sim = createSimCluster();
    sim.faults.neverReady("10.0.0.99");
    sim.reconcile([WORKER]);
    sim.clock.advance(60 * MINUTE);
    expect(isReady(sim, "worker-9")).toBe(false);
  });

  it("slow provisioning", () => {
    const sim = createSimCluster({ timings: { provisionMs: MINUTE } });
    sim.faults.slowProvisioning("10.0.0.99", 30 * MINUTE);
    sim.reconcile([WORKER]);
    sim.clock.advance(30 * MINUTE);
    expect(sim.node("worker-9")).toBeUndefined();
    sim.clock.advance(MINUTE);
    expect(sim.node("worker-9")).toBeDefined();
  });

  it("a flapping node alternates NotReady and Ready until the fault is lifted", () => {
    const sim = createSimCluster({ timings: { provisionMs: MINUTE, readyMs: MINUTE } });
    sim.faults.flapping("10.0.0.99", 10_000);
    sim.reconcile([WORKER]);
    sim.clock.advance(2 * MINUTE);
    const seen: boolean[] = [];
    for (let i = 0; i < 4; i++) {
      sim.clock.advance(10_000);
      seen.push(isReady(sim, "worker-9") === true);
    }
    expect(seen).toEqual([false, true, false, true]);
    sim.faults.flapping("10.0.0.99", undefined);
    sim.clock.advance(10 * MINUTE);
    expect(isReady(sim, "worker-9")).toBe(true);
    expect(sim.clock.pending()).toBe(0);
  });

  it("a budget that never allows eviction", () => {
    const sim = readyCluster();
    sim.addPdb({
      namespace: "shop",
      name: "web",
      maxUnavailable: "100%",
      selector: { matchLabels: { app: "web" } },
    });
    const pod = sim.pods({ namespace: "shop" })[0]!;
    sim.faults.pdbNeverAllows("shop", "web");
    expect(sim.pdbs()[0]?.status.disruptionsAllowed).toBe(0);
    expect(sim.api.evict("shop", pod.metadata.name, null).code).toBe(429);
    sim.faults.pdbNeverAllows("shop", "web", false);
    expect(sim.api.evict("shop", pod.metadata.name, null).code).toBe(201);
  });
});
