import { describe, expect, it } from "vitest";
import { isKubernetesPackage, minAvailableMasters, resolveIntOrPercent } from "../../src/plan/index.js";

describe("batch sizes (Cluster API semantics)", () => {
  it("takes integers as they are", () => {
    expect(resolveIntOrPercent(3, 10, "up")).toBe(3);
    expect(resolveIntOrPercent(0, 10, "down")).toBe(0);
  });

  it("rounds a surge percentage up and an unavailable percentage down", () => {
    expect(resolveIntOrPercent("25%", 10, "up")).toBe(3);
    expect(resolveIntOrPercent("25%", 10, "down")).toBe(2);
    expect(resolveIntOrPercent("10%", 3, "up")).toBe(1);
    expect(resolveIntOrPercent("10%", 3, "down")).toBe(0);
  });

  it("is exact where the percentage divides evenly (no floating-point surprises)", () => {
    expect(resolveIntOrPercent("10%", 30, "up")).toBe(3);
    expect(resolveIntOrPercent("10%", 5000, "up")).toBe(500);
    expect(resolveIntOrPercent("100%", 7, "up")).toBe(7);
  });
});

describe("control-plane quorum", () => {
  it("in place, keeps an etcd majority up while one master reboots", () => {
    expect([1, 2, 3, 4, 5].map((n) => minAvailableMasters(n, "in-place"))).toEqual([1, 2, 2, 3, 3]);
  });

  it("replacing, follows the controller's rule of (masters+1)/2 other Ready, untainted masters", () => {
    expect([1, 2, 3, 4, 5].map((n) => minAvailableMasters(n, "replace"))).toEqual([1, 1, 2, 2, 3]);
  });
});

describe("Kubernetes packages", () => {
  it("recognises what distributions ship", () => {
    for (const p of [
      "docker",
      "docker-ce",
      "docker.io",
      "containerd.io",
      "kubelet=1.18.9-00",
      "kubeadm",
      "kubectl",
      "kubernetes-cni",
      "cri-tools",
      "Kubelet",
    ]) {
      expect(isKubernetesPackage(p), p).toBe(true);
    }
    for (const p of ["linux-image-generic", "openssh-server", "kernel", "systemd", "dockerize"]) {
      expect(isKubernetesPackage(p), p).toBe(false);
    }
  });
});
