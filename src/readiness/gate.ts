// Gate evaluation: a merged phase, the manifest after it and a cluster snapshot in; a verdict with every
// condition in plain words out. Pure: time is an input, nothing is read or written.
import type { ClusterSnapshot, SnapshotNode } from "../generated/cluster-snapshot.js";
import type { Phase, Plan } from "../generated/plan.js";
import type { FiringAlert } from "../generated/readiness.js";
import type { Manifest } from "../manifest/model.js";
import { alertBlockers, capacityConditions, podBlockers } from "./always.js";
import {
  carriesTaint,
  type GateCondition,
  podsLeft,
  rebootProblems,
  type Subject,
  serviceProblems,
  subjectText,
  taintProblems,
  targetProblems,
  untaintProblems,
  versionProblems,
} from "./machines.js";
import type { GateSettings } from "./settings.js";
import { durationText, plural, taintText } from "./words.js";

export type { GateCondition } from "./machines.js";

export interface GateInput {
  plan: Plan;
  /** The phase just merged, whose effect the gate waits for. */
  phase: Phase;
  /** The manifest on the default branch after the phase. */
  manifest: Manifest;
  /**
   * The manifest before the phase: for a `remove` phase it holds the removed machines' addresses. Without
   * it, a removed machine's Node is still found when it carries this rollout's taint.
   */
  previousManifest?: Manifest;
  snapshot: ClusterSnapshot;
  /** Epoch ms. */
  now: number;
  /** When the phase merged (epoch ms). */
  startedAt: number;
  /** When this gate first passed (for the soak time), if it did: the previous verdict's `firstPassedAt`. */
  firstPassedAt?: number;
  settings: GateSettings;
  /** Firing alerts the caller fetched (`fetchFiringAlerts`) when a Prometheus server is configured. */
  alerts?: readonly FiringAlert[];
}

export type GateStatus = "pass" | "soaking" | "waiting" | "timed-out";

export interface GateVerdict {
  status: GateStatus;
  conditions: GateCondition[];
  /** The texts of the conditions not met. */
  unmet: string[];
  /** Those of them that are blockers (see GateCondition.blocker), in the same order. */
  blockers: string[];
  /** Set while every condition holds (the input's, or `now` when they first hold now); absent otherwise. */
  firstPassedAt?: number;
  summary: string;
}

export function evaluateGate(input: GateInput): GateVerdict {
  const { plan, phase, manifest, snapshot, settings } = input;
  const subjects = phase.machines.map((name) => subjectOf(input, name));
  const inFlight = subjects.flatMap((s) =>
    s.node === undefined ? [] : [{ label: subjectText(s), node: s.node }],
  );
  const conditions = [
    ...phaseConditions(input, subjects),
    ...capacityConditions(plan, manifest, snapshot),
    ...podBlockers(inFlight, settings),
    ...alertBlockers(settings, input.alerts),
  ];
  const unmet = conditions.filter((c) => !c.ok).map((c) => c.text);
  const blockers = conditions.filter((c) => !c.ok && c.blocker === true).map((c) => c.text);
  const timeout = settings.timeoutMs[phase.gate.kind];
  const description = phase.gate.description;
  if (unmet.length > 0) {
    const elapsed = input.now - input.startedAt;
    const count = plural(unmet.length, "condition");
    return elapsed >= timeout
      ? {
          status: "timed-out",
          conditions,
          unmet,
          blockers,
          summary: `Timed out after ${durationText(timeout)} waiting for ${description}: ${count} unmet. The rollout holds until someone acts.`,
        }
      : {
          status: "waiting",
          conditions,
          unmet,
          blockers,
          summary: `Waiting for ${description}: ${count} unmet (${durationText(elapsed)} of ${durationText(timeout)}).`,
        };
  }
  const first = input.firstPassedAt ?? input.now;
  const soakEnds = first + settings.soakMs;
  if (input.now < soakEnds) {
    return {
      status: "soaking",
      conditions,
      unmet,
      blockers,
      firstPassedAt: first,
      summary: `Passed at ${iso(first)}: ${description}. Soaking until ${iso(soakEnds)} (${durationText(soakEnds - input.now)} left).`,
    };
  }
  return {
    status: "pass",
    conditions,
    unmet,
    blockers,
    firstPassedAt: first,
    summary: `Passed: ${description}.`,
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

function subjectOf(input: GateInput, machine: string): Subject {
  const pair =
    input.manifest.machines.find((m) => m.name === machine) ??
    input.previousManifest?.machines.find((m) => m.name === machine);
  const address =
    pair?.private.address ?? input.plan.replacements.find((r) => r.name === machine)?.privateAddress;
  const node = address === undefined ? undefined : input.snapshot.nodes.find((n) => n.internalIP === address);
  return {
    machine,
    ...(address === undefined ? {} : { address }),
    ...(pair === undefined ? {} : { pair }),
    ...(node === undefined ? {} : { node }),
  };
}

function phaseConditions(input: GateInput, subjects: readonly Subject[]): GateCondition[] {
  if (input.phase.kind === "remove") return goneConditions(input, subjects);
  const inManifest = new Set(input.manifest.machines.map((m) => m.name));
  return subjects.flatMap((s): GateCondition[] => {
    const label = subjectText(s);
    if (!inManifest.has(s.machine))
      return [{ ok: false, text: `${label}: not in the manifest on the default branch` }];
    if (s.node === undefined)
      return [{ ok: false, text: `${label}: no Node with this InternalIP has joined` }];
    const { problems, done, extra } = nodeChecks(input, s, s.node);
    const own = problems.map((p) => ({ ok: false, text: `${label}: ${p}` }));
    const head =
      own.length > 0
        ? own
        : extra.length > 0
          ? []
          : [{ ok: true, text: `${label}: Node ${s.node.name} ${done}` }];
    return [...head, ...extra];
  });
}

function nodeChecks(
  input: GateInput,
  s: Subject,
  node: SnapshotNode,
): { problems: string[]; done: string; extra: GateCondition[] } {
  const { plan, phase, snapshot } = input;
  const inPlace = plan.strategy === "in-place";
  // A rollback phase undoes the patch: its machines are not expected on the target.
  const target = phase.reverts === undefined ? plan.target : undefined;
  const onTarget = [
    target?.osImage === undefined ? "" : `, ${node.osImage}`,
    target?.kernelVersion === undefined ? "" : `, kernel ${node.kernelVersion}`,
  ].join("");
  switch (phase.kind) {
    case "add":
      return {
        problems: [...serviceProblems(node), ...versionProblems(node, s.pair?.version, target)],
        done: `Ready, schedulable, kubelet ${node.kubeletVersion}${onTarget}`,
        extra: [],
      };
    case "taint":
      if (phase.gate.kind === "patched") {
        // The node stays cordoned and tainted while it is patched and rebooted: only Ready counts here.
        return {
          problems: [
            ...taintProblems(node, plan.taint),
            ...(node.ready ? [] : serviceProblems(node).slice(0, 1)),
            ...rebootProblems(node),
            ...targetProblems(node, target),
          ],
          done: `tainted, drained, Ready${onTarget}`,
          extra: podsLeft(s, node, snapshot),
        };
      }
      return {
        problems: taintProblems(node, plan.taint),
        done: `tainted ${taintText(plan.taint)} and drained`,
        extra: carriesTaint(node, plan.taint) ? podsLeft(s, node, snapshot) : [],
      };
    case "untaint":
      return {
        problems: [
          ...untaintProblems(node, plan.taint.key),
          ...serviceProblems(node),
          ...rebootProblems(node),
          ...(inPlace ? targetProblems(node, target) : []),
        ],
        done: `Ready, schedulable, without the bot's taint${inPlace ? onTarget : ""}`,
        extra: [],
      };
    case "remove":
      return { problems: [], done: "", extra: [] };
  }
}

function goneConditions(input: GateInput, subjects: readonly Subject[]): GateCondition[] {
  const { plan, manifest, snapshot } = input;
  const conditions = subjects.map((s): GateCondition => {
    const label = subjectText(s);
    if (manifest.machines.some((m) => m.name === s.machine)) {
      return { ok: false, text: `${label}: still in the manifest on the default branch` };
    }
    if (s.node !== undefined) {
      return { ok: false, text: `${label}: Node ${s.node.name} is still registered` };
    }
    return {
      ok: true,
      text: s.address === undefined ? `${label}: left the manifest` : `${label}: Node gone`,
    };
  });
  // A removed machine whose address is unknown is still found by the rollout's taint on its Node.
  const known = new Set(subjects.flatMap((s) => (s.node === undefined ? [] : [s.node.name])));
  const addresses = new Set(manifest.machines.map((m) => m.private.address));
  for (const node of snapshot.nodes) {
    if (known.has(node.name) || !carriesTaint(node, plan.taint)) continue;
    if (node.internalIP !== undefined && addresses.has(node.internalIP)) continue;
    conditions.push({
      ok: false,
      text: `Node ${node.name}${node.internalIP === undefined ? "" : ` (${node.internalIP})`} carries this rollout's taint and its machine left the manifest, but it is still registered`,
    });
  }
  return conditions;
}
