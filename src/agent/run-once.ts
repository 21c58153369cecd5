// Agent mode: one reconcile pass of the in-cluster agent. The App holds no cluster credentials; the agent
// holds no GitHub write access beyond commit statuses. It reads what the GitOps reconciler applies (the
// default branch head), finds the active rollout of its manifest on the tracking issue, makes the last merged
// phase's taints real as the Machine objects the reconciler applied record them (the head's manifest when the
// cluster serves no Machine CRD) and drains (one bounded round), judges the gate on a fresh snapshot, and
// publishes the verdict as a commit status on that head commit, where the App reads it.
import {
  type ActuationReport,
  actuatePhase,
  ClusterError,
  type ClusterPort,
  type MachineView,
  type Time,
} from "../cluster/index.js";
import type { RepositoryConfig } from "../generated/config.js";
import type { CommitStatusRequest, GitHubPort, IssueView } from "../github/port.js";
import { formatDiagnostic, type Manifest, parseManifest } from "../manifest/index.js";
import { parseRepositoryConfig, plannerConfig } from "../plan/index.js";
import { evaluateGate, type FiringAlert, type GateVerdict, gateSettings } from "../readiness/index.js";
import { phaseProgress } from "../rollout/decide.js";
import { DASHBOARD_MARKER, type StateCodec } from "../rollout/state-codec.js";
import type { RolloutState } from "../rollout/types.js";
import { CONFIG_PATH, type Logger, QUEUED_LABEL, TRACKING_LABEL } from "../service/deps.js";
import { withServedTaints } from "./machine-taints.js";
import {
  agentContext,
  blockedStatus,
  firstPassedFrom,
  sameStatus,
  statusFor,
  statusPrefix,
  trustedAgentLogins,
  trustedAgentStatus,
} from "./status.js";

export interface AgentDeps {
  github: GitHubPort;
  cluster: ClusterPort;
  now: () => number;
  codec: StateCodec;
  log: Logger;
  /** Reads firing alerts when the repository config names a Prometheus server; without it such gates wait. */
  readAlerts?: (url: string) => Promise<readonly FiringAlert[]>;
  /** The drain round's clock (tests: the simulated cluster's); the port's own by default. */
  time?: Time;
}

export interface AgentOptions {
  /** The cluster's name: the status context is `node-patch-bot/agent/<cluster>`. */
  cluster: string;
  /** The Machines manifest this cluster's reconciler applies (the plans of other manifests are not ours). */
  manifestPath: string;
  /** Only this author's dashboard comments are trusted: anyone can paste the marker into a comment. */
  botLogin: string;
  /** Upper bound of one drain round per pass (default: actuatePhase's, 1 s). */
  drainRoundMs?: number;
}

export interface AgentReport {
  /** The default branch head the pass looked at (and wrote its status on). */
  sha: string;
  /** The rollout and phase judged, when there is one. */
  rollout?: { issue: number; id: string; phase: number; kind: string };
  actuation?: ActuationReport;
  verdict?: GateVerdict;
  /** The status the pass wanted on `sha`. */
  status?: CommitStatusRequest;
  /** False when GitHub already held exactly that status (nothing was written). */
  written: boolean;
  /** What happened, in plain words, for the log. */
  notes: string[];
}

interface Active {
  issue: IssueView;
  state: RolloutState;
}

export async function runAgentOnce(deps: AgentDeps, options: AgentOptions): Promise<AgentReport> {
  const { github } = deps;
  // 1. What the cluster converges to: the default branch head, and the repository config there.
  const branch = await github.defaultBranch();
  const sha = await github.branchSha(branch);
  if (sha === undefined) return { sha: "", written: false, notes: [`no default branch ${branch}`] };
  const report: AgentReport = { sha, written: false, notes: [] };
  const config = await readConfig(github, sha, report.notes);
  if (config === undefined) return report;

  // 2. The active rollout of this manifest, from its tracking issue.
  const active = await activeRollout(deps, options, report.notes);
  if (active === undefined) {
    report.notes.push(`no active rollout of ${options.manifestPath}`);
    return report;
  }
  const { plan } = active.state;
  const progress = phaseProgress(plan, await github.listPulls(`node-patch/${plan.id}/`));
  const last = [...progress].reverse().find((p) => p.state === "merged");
  if (last?.state !== "merged") {
    report.notes.push(`rollout #${active.issue.number}: no phase merged yet`);
    return report;
  }
  const phase = last.phase;
  report.rollout = { issue: active.issue.number, id: plan.id, phase: phase.index, kind: phase.kind };
  const subject = { plan, phase, cluster: options.cluster, targetUrl: active.issue.htmlUrl };
  // The agent's own last word on this commit (a status by a login the App trusts): when the gate first passed,
  // and what not to repeat. A status by anyone else never shortens the soak.
  const context = agentContext(options.cluster);
  const statuses = await github.commitStatuses(sha);
  const trusted = trustedAgentLogins(config.readiness, options.botLogin);
  const own = trustedAgentStatus(statuses, options.cluster, trusted);
  if (own.latest === undefined && own.ignored.length > 0)
    report.notes.push(
      `no status on ${context} is by a trusted login (${trusted.join(", ")}): the App ignores the others; if one is this agent's, list it in readiness.agentLogins`,
    );
  // Without a trusted status, the newest of the context keeps a misconfigured agent from writing every pass.
  const latest = own.latest ?? statuses.find((s) => s.context === context);

  // 3. Make the phase real, then judge it on a fresh snapshot.
  const pc = plannerConfig(config);
  const parse = async (ref: string): Promise<Manifest | string> => {
    const file = await github.readFile(plan.manifestPath, ref);
    if (file === undefined) return `${plan.manifestPath} is missing at ${ref.slice(0, 7)}`;
    const parsed = parseManifest(file.text, {
      file: plan.manifestPath,
      taintAnnotation: pc.taintAnnotation,
      kubernetesVersions: pc.kubernetesVersions,
    });
    return parsed.ok ? parsed.manifest : parsed.diagnostics.map(formatDiagnostic).join("; ");
  };
  const manifest = await parse(sha);
  let wanted: CommitStatusRequest;
  if (typeof manifest === "string") {
    report.notes.push(`cannot read the manifest: ${manifest}`);
    wanted = blockedStatus(subject, `${plan.manifestPath} at the head is not a valid manifest`);
  } else {
    report.actuation = await actuatePhase(
      deps.cluster,
      {
        plan,
        phase,
        manifest: await servedManifest(deps.cluster, manifest, sha, report.notes),
        snapshot: await deps.cluster.snapshot(),
      },
      {
        ...(options.drainRoundMs === undefined ? {} : { drainRoundMs: options.drainRoundMs }),
        ...(deps.time === undefined ? {} : { time: deps.time }),
      },
    );
    report.notes.push(...report.actuation.lines);
    const before = active.state.phaseCommits[phase.index]?.base;
    const previous = phase.kind === "remove" && before !== undefined ? await parse(before) : undefined;
    const settings = gateSettings(config.readiness);
    const alerts = settings.prometheus ? await readAlerts(deps, settings.prometheus.url) : undefined;
    const firstPassedAt =
      active.state.gatePassedAt[phase.index] ?? firstPassedFrom(own.latest, statusPrefix(plan, phase));
    report.verdict = evaluateGate({
      plan,
      phase,
      manifest,
      snapshot: await deps.cluster.snapshot(),
      now: deps.now(),
      startedAt: Math.max(last.mergedAt, active.state.retryAt ?? 0),
      settings,
      ...(firstPassedAt === undefined ? {} : { firstPassedAt }),
      ...(previous === undefined || typeof previous === "string" ? {} : { previousManifest: previous }),
      ...(alerts === undefined ? {} : { alerts }),
    });
    wanted = statusFor(subject, report.verdict);
  }

  // 4. Publish, unless GitHub already says exactly this.
  report.status = wanted;
  if (!sameStatus(latest, wanted)) {
    await github.setCommitStatus(sha, wanted);
    report.written = true;
    report.notes.push(`status ${wanted.state} on ${sha.slice(0, 7)}: ${wanted.description}`);
  }
  return report;
}

/** The head's manifest with the taints the served Machine objects carry (the manifest's own when none are served). */
async function servedManifest(
  cluster: ClusterPort,
  manifest: Manifest,
  sha: string,
  notes: string[],
): Promise<Manifest> {
  const at = `${manifest.file} at ${sha.slice(0, 7)}`;
  let served: MachineView[] | undefined;
  try {
    served = await cluster.listMachines();
  } catch (error) {
    // An agent upgraded before its RBAC keeps working on the manifest, and says what to grant.
    if (!(error instanceof ClusterError && error.code === 403)) throw error;
    notes.push(
      `cannot list Machines (${error.message}): grant get/list on machines.cluster.x-k8s.io; taints read from ${at} instead`,
    );
    return manifest;
  }
  if (served === undefined) {
    notes.push(
      `the cluster serves no Machine objects (no cluster.x-k8s.io/v1alpha3 CRD): taints read from ${at}`,
    );
    return manifest;
  }
  const result = withServedTaints(manifest, served, at);
  notes.push(...result.notes);
  return result.manifest;
}

async function readConfig(
  github: GitHubPort,
  sha: string,
  notes: string[],
): Promise<RepositoryConfig | undefined> {
  const file = await github.readFile(CONFIG_PATH, sha);
  if (file === undefined) return {};
  const parsed = parseRepositoryConfig(file.text, CONFIG_PATH);
  if (parsed.ok) return parsed.config;
  // The App stops every rollout on an invalid config and says why on an issue: the agent just waits.
  notes.push(`${CONFIG_PATH} is invalid: ${parsed.diagnostics.map(formatDiagnostic).join("; ")}`);
  return undefined;
}

/** The oldest open, unqueued, unfinished rollout of the manifest (the App runs one per manifest at a time). */
async function activeRollout(
  deps: AgentDeps,
  options: AgentOptions,
  notes: string[],
): Promise<Active | undefined> {
  const open = await deps.github.listIssues({ labels: [TRACKING_LABEL], state: "open" });
  for (const issue of open
    .filter((i) => !i.isPullRequest && !i.labels.includes(QUEUED_LABEL))
    .sort((a, b) => a.number - b.number)) {
    const comments = await deps.github.listComments(issue.number);
    const dashboard = comments.find(
      (c) => c.author === options.botLogin && c.body.startsWith(DASHBOARD_MARKER),
    );
    if (dashboard === undefined) continue;
    let state: RolloutState | undefined;
    try {
      state = deps.codec.decode(dashboard.body);
    } catch (error) {
      notes.push(`#${issue.number}: ${(error as Error).message}`);
      continue;
    }
    if (
      state !== undefined &&
      state.plan.manifestPath === options.manifestPath &&
      state.completedAt === undefined &&
      state.cancelled === undefined
    )
      return { issue, state };
  }
  return undefined;
}

async function readAlerts(deps: AgentDeps, url: string): Promise<readonly FiringAlert[] | undefined> {
  if (deps.readAlerts === undefined) return undefined;
  try {
    return await deps.readAlerts(url);
  } catch (error) {
    // Unread alerts block the gate (it says so): never pass on what could not be read.
    deps.log.warn({ url, err: error }, "cannot read Prometheus alerts");
    return undefined;
  }
}
