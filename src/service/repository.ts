// runRepository: reconciles every active rollout of a repository (after a push to the default branch, a
// re-requested check, or a timer tick), then starts the next queued rollout when a manifest is free.
import { type FlowDeps, QUEUED_LABEL, TRACKING_LABEL } from "./deps.js";
import { type ReconcileResult, runReconcile } from "./reconcile.js";
import { activeRollouts } from "./request.js";
import { readTracking } from "./tracking.js";

export async function runRepository(deps: FlowDeps): Promise<ReconcileResult[]> {
  // 1. The open tracking issues; queued ones wait for their manifest.
  const open = await deps.github.listIssues({ labels: [TRACKING_LABEL], state: "open" });
  const results: ReconcileResult[] = [];
  for (const issue of open
    .filter((i) => !i.labels.includes(QUEUED_LABEL))
    .sort((a, b) => a.number - b.number)) {
    // 2. Bring each forward.
    const r = await runReconcile(deps, { issue: issue.number });
    if (r) results.push(r);
  }
  // 3. Promote the oldest queued rollout of each manifest that is now free.
  for (const issue of open
    .filter((i) => i.labels.includes(QUEUED_LABEL))
    .sort((a, b) => a.number - b.number)) {
    const t = await readTracking(deps, issue.number);
    if (t === undefined) continue;
    if ((await activeRollouts(deps, issue.number, t.state.plan.manifestPath)).length > 0) continue;
    await deps.github.removeLabel(issue.number, QUEUED_LABEL);
    await deps.github.createComment(
      issue.number,
      `The manifest is free: rollout \`${t.state.plan.id}\` is no longer queued.`,
    );
    const r = await runReconcile(deps, { issue: issue.number });
    if (r) results.push(r);
  }
  return results;
}
