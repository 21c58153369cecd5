// runPatchRequest: a patch request (an issue, or `/patch plan`) becomes a plan posted on the issue, which
// becomes the rollout's tracking issue. Invalid input is answered with the problems and changes nothing else.
import { createHash } from "node:crypto";
import { stringify as stringifyYaml } from "yaml";
import { formatDiagnostic, sortDiagnostics } from "../manifest/index.js";
import { type PatchRequest, preparePlan } from "../plan/index.js";
import { renderDashboard } from "../rollout/dashboard.js";
import { describeState } from "../rollout/decide.js";
import type { Decision, RolloutState } from "../rollout/types.js";
import { loadRepositoryConfig } from "./config.js";
import { CONFIG_ERROR_TITLE, CONFIG_PATH, type FlowDeps, QUEUED_LABEL, TRACKING_LABEL } from "./deps.js";
import { windowLine, windowsAt } from "./observe.js";
import { runReconcile } from "./reconcile.js";
import { findDashboard, readTracking } from "./tracking.js";

export type RequestOutcome = "planned" | "replanned" | "queued" | "invalid" | "exists" | "config-error";

export async function runPatchRequest(
  deps: FlowDeps,
  input: {
    issue: number;
    request: PatchRequest;
    /** The ```yaml block the request was read from, so the planner's problems point at its lines. */
    block?: { text: string; firstLine: number };
    replan?: boolean;
    /** Identifies what is being answered, so a redelivered event does not answer twice. */
    replyKey?: string;
  },
): Promise<RequestOutcome> {
  const key = input.replyKey;
  // 1. One rollout per issue: a redelivered or edited request does not plan twice once approved.
  const existing = await readTracking(deps, input.issue);
  if (existing && (!input.replan || existing.state.approvedBy.length > 0)) return "exists";
  // 2. The config, the manifest (and pool) on the default branch.
  const loaded = await loadRepositoryConfig(deps);
  if (!loaded.ok) {
    await reply(
      deps,
      input.issue,
      loaded.onboarding
        ? [
            `I cannot plan this yet: this repository has no \`${CONFIG_PATH}\`. Merge the onboarding pull request #${loaded.onboarding.number} first${loaded.onboarding.state === "closed" ? " (it is closed: reopen it, or add the file yourself)" : ""}.`,
            "Then edit this issue, or comment `/patch plan ...`, and I will plan the request.",
          ]
        : [
            `I cannot plan this yet: \`${CONFIG_PATH}\` is invalid (see the issue "${CONFIG_ERROR_TITLE}").`,
            "I will plan this request as soon as the file is fixed.",
          ],
      key,
    );
    return "config-error";
  }
  const branch = await deps.github.defaultBranch();
  const mainSha = (await deps.github.branchSha(branch)) ?? branch;
  const manifest = await deps.github.readFile(loaded.manifestPath, mainSha);
  if (manifest === undefined) {
    await reply(
      deps,
      input.issue,
      [
        `I found no Machines manifest at \`${loaded.manifestPath}\` on \`${branch}\`.`,
        "",
        "Set `manifestPath` in `.github/node-patch-bot.yml`, or add the manifest there.",
      ],
      key,
    );
    return "invalid";
  }
  const poolPath = loaded.config.poolPath;
  const pool = poolPath ? await deps.github.readFile(poolPath, mainSha) : undefined;
  // 3. Plan. Every problem is reported at once, with its place, and nothing is written.
  const prepared = preparePlan({
    request: requestSource(input.issue, input.request, input.block),
    manifest: { file: loaded.manifestPath, text: manifest.text },
    repositoryConfig: loaded.config,
    manifestPath: loaded.manifestPath,
    ...(pool && poolPath ? { pool: { file: poolPath, text: pool.text } } : {}),
    ...(deps.parseManifest ? { parseManifest: deps.parseManifest } : {}),
    ...(deps.validateRequest ? { requestValidator: deps.validateRequest } : {}),
  });
  if (!prepared.ok) {
    await reply(
      deps,
      input.issue,
      [
        "I cannot plan this request:",
        "",
        "```",
        ...prepared.diagnostics.map(formatDiagnostic),
        "```",
        "",
        "Edit the issue (or comment a new `/patch plan ...`) and I will plan again.",
      ],
      key,
    );
    return "invalid";
  }
  // 4. One active rollout per manifest: a second request waits its turn.
  const active = await activeRollouts(deps, input.issue, loaded.manifestPath);
  // 5. Post the dashboard with the plan and its state.
  const state: RolloutState = {
    version: 1,
    plan: prepared.plan,
    issue: input.issue,
    createdAt: deps.now(),
    approvedBy: [],
    gatePassedAt: {},
    phaseCommits: {},
  };
  const progress = prepared.plan.phases.map((phase) => ({ phase, state: "pending" as const }));
  const decision = describeState(state, progress, deps.now());
  const body = renderDashboard(
    state,
    active.length > 0 ? queuedDecision(decision, active) : decision,
    progress,
    deps.codec,
    // As the timer's reconcile will show it, so that its first tick has nothing to rewrite.
    active.length > 0 ? {} : { windowText: windowLine(windowsAt(loaded.config, deps.now()), loaded.config) },
  );
  // The fixed label is how the bot finds its rollouts; the configured ones are for people. It goes on before
  // the dashboard: an app that dies between the two leaves a labelled issue without comments, which the
  // timer plans again, rather than a dashboard no tick would ever find.
  const labels = [
    TRACKING_LABEL,
    ...(loaded.config.labels?.trackingIssue ?? []).filter((l) => l !== TRACKING_LABEL),
  ];
  await deps.github.addLabels(input.issue, active.length > 0 ? [...labels, QUEUED_LABEL] : labels);
  const comment = await findDashboard(deps, input.issue);
  if (comment) await deps.github.updateComment(comment.id, body);
  else await deps.github.createComment(input.issue, body);
  // Warnings do not stop a plan, but say what the controller will do that nobody expects (a machine it skips).
  if (prepared.warnings.length > 0)
    await reply(
      deps,
      input.issue,
      [
        "Planned, but the manifest has warnings worth a look:",
        "",
        "```",
        ...sortDiagnostics(prepared.warnings).map(formatDiagnostic),
        "```",
      ],
      key === undefined ? undefined : `${key}-warnings`,
    );
  if (active.length > 0) return "queued";
  // A plan that needs no approval starts at once, in the same event: the first phase opens now, not at the next tick.
  if ((loaded.config.approvals?.required ?? 1) === 0)
    await runReconcile(deps, { issue: input.issue, loaded });
  return existing ? "replanned" : "planned";
}

/** Open tracking issues (other than `issue`) whose rollout changes the same manifest and is not finished. */
export async function activeRollouts(deps: FlowDeps, issue: number, manifestPath: string): Promise<number[]> {
  const open = await deps.github.listIssues({ labels: [TRACKING_LABEL], state: "open" });
  const out: number[] = [];
  for (const other of open.filter((i) => i.number !== issue && !i.labels.includes(QUEUED_LABEL))) {
    const t = await readTracking(deps, other.number);
    if (
      t &&
      t.state.plan.manifestPath === manifestPath &&
      t.state.completedAt === undefined &&
      !t.state.cancelled
    )
      out.push(other.number);
  }
  return out;
}

/** A queued rollout's decision: shown, never acted on, until the rollouts ahead of it are finished. */
export function queuedDecision(decision: Decision, active: readonly number[]): Decision {
  return {
    ...decision,
    status: "queued",
    headline: `Queued behind ${active.map((n) => `#${n}`).join(", ")}: one rollout per manifest at a time. ${decision.headline}`,
    actions: [],
  };
}

const REPLY_MARKER = "<!-- node-patch-bot:reply ";

/** The hidden line that marks the bot's answer to `key` (a comment, an issue body). */
export const replyMarker = (key: string) => `${REPLY_MARKER}${key} -->`;

/**
 * Answers on an issue. With a `key` (what is being answered: a comment, an issue body), an answer already
 * given is not given again, so a redelivered webhook or a restarted app repeats nothing.
 */
export async function reply(deps: FlowDeps, issue: number, lines: string[], key?: string): Promise<void> {
  if (key === undefined) {
    await deps.github.createComment(issue, lines.join("\n"));
    return;
  }
  const marker = replyMarker(key);
  const answered = (await deps.github.listComments(issue)).some(
    (c) => c.author === deps.botLogin && c.body.endsWith(marker),
  );
  if (!answered) await deps.github.createComment(issue, [...lines, "", marker].join("\n"));
}

/** A short, stable key for a text (an issue body), for `reply`. */
export function textKey(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 12);
}

/**
 * The request as the planner reads it: the issue's own ```yaml block, placed at its lines (so `issue #7:12:5`
 * is line 12 of the issue), or else the request written out as YAML (from the issue form or `/patch plan`).
 */
function requestSource(
  issue: number,
  request: PatchRequest,
  block: { text: string; firstLine: number } | undefined,
): { file: string; text: string } {
  if (block !== undefined)
    return { file: `issue #${issue}`, text: `${"\n".repeat(block.firstLine - 1)}${block.text}` };
  return { file: `the request of issue #${issue} (as YAML)`, text: stringifyYaml(request) };
}
