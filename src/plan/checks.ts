// Request-level refusals that need no scheduling: what is being patched, which cluster, which taints.
import type { PatchRequest } from "../generated/patch-request.js";
import type { MachinePair, Manifest } from "../manifest/model.js";
import { type Refusal, refusal } from "./refusal.js";

// Package names as distributions ship them: docker-ce, docker.io, containerd.io, kubelet=1.18.9-00, …
const KUBERNETES_PACKAGE =
  /^(docker|containerd|moby|cri-o|kubelet|kubeadm|kubectl|kubernetes-cni|cri-tools)([-.][a-z][-.a-z0-9]*)?(\s*[=:@<>~].*|-\d.*)?$/;

export function isKubernetesPackage(name: string): boolean {
  return KUBERNETES_PACKAGE.test(name.trim().toLowerCase());
}

export function checkPackages(request: PatchRequest): Refusal[] {
  return (request.packages ?? []).flatMap((p, i) =>
    isKubernetesPackage(p)
      ? [
          refusal(
            "kubernetes-package",
            `"${p}" is managed by the WKS controller and changes only with a cluster upgrade, not an OS patch`,
            "change spec.version through a cluster upgrade for Kubernetes packages; node-patch-bot patches the base OS (kernel, sshd, base image)",
            { path: ["packages", i] },
          ),
        ]
      : [],
  );
}

export function checkStrategyFields(request: PatchRequest): Refusal[] {
  const out: Refusal[] = [];
  if (request.strategy === "in-place" && request.target === undefined) {
    out.push(
      refusal(
        "missing-target",
        "an in-place request needs a target: the gate between taint and untaint waits for the patched osImage or kernelVersion",
        "add target.kernelVersion and/or target.osImage as the Nodes will report them (status.nodeInfo)",
        { path: [] },
      ),
    );
  }
  if (request.strategy === "in-place" && request.replacements !== undefined) {
    out.push(
      refusal(
        "replacements-in-place",
        "replacements only apply to strategy replace; in-place patches the existing machines",
        "remove replacements, or use strategy: replace",
        { path: ["replacements"] },
      ),
    );
  }
  return out;
}

/** The cluster's name: the config's, else the manifest's (`spec.clusterName`, then the cluster-name label). */
export function clusterNameOf(manifest: Manifest, configured: string | undefined): string {
  if (configured !== undefined) return configured;
  for (const m of manifest.machines) {
    const name = m.clusterName ?? m.clusterNameLabel;
    if (name !== undefined) return name;
  }
  return "";
}

export function checkCluster(manifest: Manifest, configured: string | undefined): Refusal[] {
  if (configured === undefined) return [];
  return manifest.machines
    .filter((m) => m.clusterName !== undefined && m.clusterName !== configured)
    .slice(0, 1)
    .map((m) =>
      refusal(
        "cluster-mismatch",
        `${manifest.file} is for cluster "${m.clusterName}" (machine ${m.name}), but the repository config names "${configured}"`,
        "point manifestPath at this cluster's manifest, or fix clusterName in .github/node-patch-bot.yml",
        { machine: m.name },
      ),
    );
}

export function hasBotTaint(m: MachinePair, taintKey: string): boolean {
  return m.taints.some((t) => t.key === taintKey);
}

export function checkAlreadyTainted(selected: readonly MachinePair[], taintKey: string): Refusal[] {
  return selected
    .filter((m) => hasBotTaint(m, taintKey))
    .map((m) =>
      refusal(
        "already-tainted",
        `machine ${m.name} already carries the bot's taint ${taintKey}=${m.taints.find((t) => t.key === taintKey)?.value ?? ""}: another rollout is in progress or was abandoned`,
        "finish or roll back that rollout first (its untaint phase removes the taint)",
        { machine: m.name },
      ),
    );
}
