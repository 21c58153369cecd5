// Everything the state machine decides on, read from GitHub and the cluster in one place.
import {
  agentContext,
  readAgentStatus,
  reportedBlockers,
  trustedAgentLogins,
  trustedAgentStatus,
} from "../agent/status.js";
import type { ClusterSnapshot } from "../cluster/index.js";
import type { RepositoryConfig } from "../generated/config.js";
import type { PullView } from "../github/port.js";
import { type Manifest, parseManifest } from "../manifest/index.js";
import { plannerConfig } from "../plan/index.js";
import { evaluateGate, type FiringAlert, type GateSettings, gateSettings } from "../readiness/index.js";
import { decide, phaseProgress } from "../rollout/decide.js";
import { droppedOpenPulls, isRolledBack } from "../rollout/rollback.js";
import type { Decision, GateView, PhaseProgress, RolloutState, WindowView } from "../rollout/types.js";
import { compileSchedule } from "../schedule/compile.js";
import { windowView } from "../schedule/describe.js";
import type { FlowDeps } from "./deps.js";
import type { Effect } from "./execute.js";
import { pushedCommit } from "./pull-text.js";

export interface Observation {
  defaultBranch: string;
  mainSha: string;
  progress: PhaseProgress[];
  manifest?: Manifest;
  snapshot?: ClusterSnapshot;
  gate?: GateView;
  openPull?: "fresh" | "stale" | "foreign";
  /** Open pull requests of forward phases a rollback dropped. */
  dropped: PullView[];
  windows: { pr: WindowView; merge: WindowView };
}

export async function observe(
  deps: FlowDeps,
  state: RolloutState,
  config: RepositoryConfig,
): Promise<Observation> {
  const plan = state.plan;
  const now = deps.now();
  // 1. Where the phases stand: one listing of the rollout's pull requests, and the default branch.
  const [pulls, defaultBranch] = await Promise.all([
    deps.github.listPulls(`node-patch/${plan.id}/`),
    deps.github.defaultBranch(),
  ]);
  const mainSha = (await deps.github.branchSha(defaultBranch)) ?? "";
  const progress = phaseProgress(plan, pulls);
  const windows = windowsAt(config, now);
  const obs: Observation = {
    defaultBranch,
    mainSha,
    progress,
    dropped: droppedOpenPulls(state, pulls),
    windows,
  };

  // 2. The open phase's pull request: still the bot's commit, and built on the current default branch?
  const open = progress.find((p) => p.state === "open");
  if (open && open.state === "open") {
    const pushed = pushedCommit(state, open.phase, open.pull);
    obs.openPull =
      pushed === undefined || pushed.head !== open.pull.headSha
        ? "foreign"
        : pushed.base === mainSha
          ? "fresh"
          : "stale";
  }

  // 3. The last merged phase's gate, from the manifest on the default branch and the cluster.
  const lastMerged = [...progress].reverse().find((p) => p.state === "merged");
  if (
    lastMerged?.state === "merged" &&
    state.completedAt === undefined &&
    !state.cancelled &&
    !isRolledBack(state, lastMerged.phase.index)
  ) {
    const manifest = await manifestAt(deps, plan.manifestPath, mainSha, config);
    if (manifest) obs.manifest = manifest;
    // A remove gate finds the removed machines' Nodes by the addresses they had before the phase.
    const before = pushedCommit(state, lastMerged.phase, lastMerged.pull)?.base;
    const previousManifest =
      lastMerged.phase.kind === "remove" && before
        ? await manifestAt(deps, plan.manifestPath, before, config)
        : undefined;
    if (deps.cluster && manifest) {
      obs.snapshot = await deps.cluster.snapshot();
      const alertsUrl = config.readiness?.prometheus?.url;
      const alerts = alertsUrl ? await readAlerts(deps, alertsUrl) : undefined;
      const settings: GateSettings = gateSettings(config.readiness);
      const firstPassedAt = state.gatePassedAt[lastMerged.phase.index];
      const verdict = evaluateGate({
        plan,
        phase: lastMerged.phase,
        manifest,
        snapshot: obs.snapshot,
        now,
        startedAt: Math.max(lastMerged.mergedAt, state.retryAt ?? 0),
        ...(firstPassedAt !== undefined ? { firstPassedAt } : {}),
        settings,
        ...(previousManifest ? { previousManifest } : {}),
        ...(alerts ? { alerts } : {}),
      });
      // The dashboard and the check run show what the gate waits for and what blocks it (a blocking pod, a
      // firing alert: a person may have to act), not how far it got (how many pods are left, which nodes
      // joined) nor its running clock: they are rewritten when the gate passes, fails, is blocked or held,
      // not on every tick. The live detail stays in `unmet` (`/patch status`, a timeout's hold reason).
      const described = lastMerged.phase.gate.description;
      const summary =
        verdict.status === "pass"
          ? `passed: ${described}`
          : verdict.status === "soaking"
            ? // The soak's end is fixed once it started: the text still changes only when the cluster does.
              `passed, soaking until ${new Date((verdict.firstPassedAt ?? now) + settings.soakMs).toISOString()}: ${described}`
            : verdict.status === "timed-out"
              ? `timed out: ${described}`
              : described;
      obs.gate = {
        status: verdict.status,
        unmet: verdict.unmet,
        summary,
        ...(verdict.status === "waiting" ? { waitingFor: [described, ...verdict.blockers] } : {}),
        ...(verdict.firstPassedAt !== undefined ? { firstPassedAt: verdict.firstPassedAt } : {}),
      };
    } else if (!obs.manifest) {
      obs.gate = {
        status: "waiting",
        unmet: [`${plan.manifestPath} on ${defaultBranch} cannot be read as a valid manifest`],
        summary: "manifest unreadable",
      };
    } else {
      // Agent mode: the in-cluster agent publishes the verdict as a status on the default branch's head.
      // Only a status its trusted agent wrote counts: anyone with write access can set one on any context.
      const statuses = await deps.github.commitStatuses(mainSha);
      const trusted = trustedAgentLogins(config.readiness, deps.botLogin);
      const reported = readAgentStatus(statuses, {
        plan,
        phase: lastMerged.phase,
        cluster: plan.cluster,
        trusted,
      });
      // As in direct mode, the agent's progress (its latest words) is not what the dashboard shows while the
      // gate waits, but what blocks it is, and who wrote an ignored status, until the gate passes.
      const described = lastMerged.phase.gate.description;
      const waiting =
        reported?.status === "waiting"
          ? {
              ...reported,
              summary: `agent ${plan.cluster}: ${described}`,
              waitingFor: [
                described,
                ...reportedBlockers(reported),
                ...trustedAgentStatus(statuses, plan.cluster, trusted).ignored,
              ],
            }
          : reported;
      obs.gate = waiting ?? {
        status: "waiting",
        unmet: [
          `the in-cluster agent (status ${agentContext(plan.cluster)}) has not reported on ${mainSha.slice(0, 7)} yet`,
        ],
        summary: "waiting for the in-cluster agent",
      };
    }
  }
  return obs;
}

/**
 * What GitHub shows after this event acted on `obs`. An opened or rebuilt pull request is known from GitHub's
 * own answers, so nothing is read again; after a merge the default branch moved and the merged phase's gate
 * starts, so everything is observed afresh (reads this event makes instead of the next one).
 */
export async function observeAfter(
  deps: FlowDeps,
  state: RolloutState,
  obs: Observation,
  effects: readonly Effect[],
  config: RepositoryConfig,
): Promise<Observation> {
  if (effects.some((e) => e.kind === "merged")) return observe(deps, state, config);
  let progress = obs.progress;
  for (const e of effects) {
    if (e.kind === "merged") continue;
    const pull = { ...e.pull, headSha: e.head };
    progress = progress.map((p) =>
      p.phase.index === e.phase.index ? { phase: p.phase, state: "open", pull } : p,
    );
  }
  // Every dropped pull request was closed by the same actions (decide closes them all at once).
  return { ...obs, progress, dropped: [], ...(effects.length > 0 ? { openPull: "fresh" as const } : {}) };
}

/** The state machine's decision on an observation, with the repository config's merge mode and approvals. */
export function decideOn(
  state: RolloutState,
  obs: Observation,
  config: RepositoryConfig,
  now: number,
): Decision {
  return decide({
    state,
    progress: obs.progress,
    ...(obs.gate ? { gate: obs.gate } : {}),
    ...(obs.openPull ? { openPull: obs.openPull } : {}),
    dropped: obs.dropped,
    windows: obs.windows,
    mergeMode: config.merge?.mode ?? "manual",
    requiredApprovals: config.approvals?.required ?? 1,
    now,
  });
}

/** Whether pull requests may open and merge at `now`, in words the dashboard shows (and when that ends). */
export function windowsAt(config: RepositoryConfig, now: number): { pr: WindowView; merge: WindowView } {
  return {
    pr: windowView(compileSchedule(config, "pr", config.timezone), new Date(now)),
    merge: windowView(compileSchedule(config, "merge", config.timezone), new Date(now)),
  };
}

/**
 * The dashboard's window line: both windows when pull request and merge windows are configured apart, else the
 * one. The request's first dashboard and every reconcile's say the same, so a tick rewrites nothing.
 */
export function windowLine(windows: { pr: WindowView; merge: WindowView }, config: RepositoryConfig): string {
  const separate = config.prWindows !== undefined || config.mergeWindows !== undefined;
  return separate ? `pull requests: ${windows.pr.text} · merging: ${windows.merge.text}` : windows.merge.text;
}

async function manifestAt(
  deps: FlowDeps,
  path: string,
  ref: string,
  config: RepositoryConfig,
): Promise<Manifest | undefined> {
  const text = await deps.github.readFile(path, ref);
  if (text === undefined) return undefined;
  const pc = plannerConfig(config);
  const parsed = (deps.parseManifest ?? parseManifest)(text.text, {
    file: path,
    taintAnnotation: pc.taintAnnotation,
    kubernetesVersions: pc.kubernetesVersions,
  });
  return parsed.ok ? parsed.manifest : undefined;
}

/** Firing alerts, or undefined when they cannot be read (which blocks, as the gate says). */
async function readAlerts(deps: FlowDeps, url: string): Promise<readonly FiringAlert[] | undefined> {
  if (!deps.readAlerts) return undefined;
  try {
    return await deps.readAlerts(url);
  } catch (e) {
    deps.log.warn({ url, err: e }, "cannot read Prometheus alerts");
    return undefined;
  }
}
