// Hand-built cluster snapshots and real plans (from the planner, over manifests parsed by the manifest layer).
import type { ClusterSnapshot, SnapshotNode, SnapshotPod } from "../../src/generated/cluster-snapshot.js";
import type { Manifest } from "../../src/manifest/model.js";
import type { PatchRequest, Phase, Plan } from "../../src/plan/index.js";
import { applyPhase, planRollout } from "../../src/plan/index.js";
import { type GateInput, type GateSettings, gateSettings } from "../../src/readiness/index.js";

export const T0 = Date.UTC(2026, 10, 25, 10, 0, 0);
export const MINUTE = 60_000;
export const KERNEL = "3.10.0-1127.el7.x86_64";
export const PATCHED_KERNEL = "3.10.0-1160.el7.x86_64";

export interface Rollout {
  plan: Plan;
  /** The manifest before any phase, then after each phase: `manifests[phase.index]` is after that phase. */
  manifests: Manifest[];
}

export function rollout(manifest: Manifest, request: PatchRequest): Rollout {
  const result = planRollout({ manifest, request });
  if (!result.ok) throw new Error(result.refusals.map((r) => r.message).join("\n"));
  const manifests = [manifest];
  let state: { manifest: Manifest; pool: Manifest | undefined } = { manifest, pool: undefined };
  for (const phase of result.plan.phases) {
    const next = applyPhase(result.plan, phase, state);
    if (!next.ok) throw new Error(next.diagnostics.map((d) => d.message).join("\n"));
    state = next.state;
    manifests.push(state.manifest);
  }
  return { plan: result.plan, manifests };
}

export function phaseOf(plan: Plan, index: number): Phase {
  const phase = plan.phases[index - 1];
  if (phase === undefined) throw new Error(`no phase ${index}`);
  return phase;
}

export const nodeName = (address: string) => `ip-${address.replaceAll(".", "-")}`;

export function node(address: string, fields: Partial<SnapshotNode> = {}): SnapshotNode {
  return {
    name: nodeName(address),
    internalIP: address,
    ready: true,
    unschedulable: false,
    cordonedByBot: false,
    taints: [],
    kubeletVersion: "v1.18.15",
    osImage: "CentOS Linux 7 (Core)",
    kernelVersion: KERNEL,
    controlPlane: false,
    labels: {},
    annotations: {},
    pods: [],
    ...fields,
  };
}

export function pod(namespace: string, name: string, fields: Partial<SnapshotPod> = {}): SnapshotPod {
  return {
    namespace,
    name,
    ownerKind: "ReplicaSet",
    ownerName: `${name.split("-")[0]}-abc`,
    labels: {},
    phase: "Running",
    ready: true,
    terminating: false,
    evictable: true,
    budgets: [],
    ...fields,
  };
}

export const daemonPod = (name: string): SnapshotPod =>
  pod("kube-system", name, { ownerKind: "DaemonSet", evictable: false, skipReason: "daemonset" });

/** A Ready node for every machine of the manifest. */
export function healthy(manifest: Manifest): ClusterSnapshot {
  return {
    takenAt: new Date(T0).toISOString(),
    nodes: manifest.machines.map((m) =>
      node(m.private.address, {
        controlPlane: m.role === "control-plane",
        ...(m.role === "control-plane"
          ? { taints: [{ key: "node-role.kubernetes.io/master", effect: "NoSchedule" }] }
          : {}),
      }),
    ),
    podDisruptionBudgets: [],
  };
}

/** The snapshot with the node at `address` changed (or removed, when `change` returns undefined). */
export function withNode(
  snapshot: ClusterSnapshot,
  address: string,
  change: (n: SnapshotNode) => SnapshotNode | undefined,
): ClusterSnapshot {
  const nodes = snapshot.nodes.flatMap((n) => {
    if (n.internalIP !== address) return [n];
    const changed = change(n);
    return changed === undefined ? [] : [changed];
  });
  return { ...snapshot, nodes };
}

export function gateInput(
  r: Rollout,
  index: number,
  snapshot: ClusterSnapshot,
  more: Partial<GateInput> & { settings?: GateSettings } = {},
): GateInput {
  const phase = phaseOf(r.plan, index);
  const manifest = r.manifests[index];
  if (manifest === undefined) throw new Error(`no manifest after phase ${index}`);
  return {
    plan: r.plan,
    phase,
    manifest,
    snapshot,
    now: T0 + MINUTE,
    startedAt: T0,
    settings: gateSettings(),
    ...more,
  };
}
