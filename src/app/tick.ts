// The app's own timer: every minute it opens the issues of scheduled rollouts that fell due and reconciles
// every active rollout of every installation, so gates and windows advance without waiting for a webhook.
// A tick is idempotent, so several replicas may tick at once.
import { Cron } from "croner";
import type { Probot } from "probot";
import { useConditionalRequests } from "../github/conditional.js";
import { runRepository } from "../service/repository.js";
import type { InstallationRepo } from "./cache.js";
import { type AppServices, inTurn, repoDeps } from "./context-deps.js";

/** How long the timer reuses its listing of installations and their repositories. */
const INSTALLATIONS_TTL_MS = 10 * 60_000;

async function listInstallationRepos(probot: Probot, services: AppServices): Promise<InstallationRepo[]> {
  const cached = services.cache?.installations;
  if (cached && services.now() - cached.at < INSTALLATIONS_TTL_MS) return cached.repos;
  // Asked conditionally like everything the timer polls: an unchanged listing is answered 304 (free).
  const conditional = services.cache?.conditional;
  const appOctokit = await probot.auth();
  if (conditional) useConditionalRequests(appOctokit, conditional);
  const installations = await appOctokit.paginate(appOctokit.rest.apps.listInstallations, { per_page: 100 });
  const repos: InstallationRepo[] = [];
  for (const installation of installations) {
    const octokit = await probot.auth(installation.id);
    if (conditional) useConditionalRequests(octokit, conditional);
    const listed = await octokit.paginate(octokit.rest.apps.listReposAccessibleToInstallation, {
      per_page: 100,
    });
    for (const r of listed)
      repos.push({
        installationId: installation.id,
        owner: r.owner.login,
        name: r.name,
        fullName: r.full_name,
        cloneUrl: r.clone_url,
        defaultBranch: r.default_branch,
      });
  }
  if (services.cache) services.cache.installations = { at: services.now(), repos };
  return repos;
}

export async function tickOnce(probot: Probot, services: AppServices): Promise<void> {
  const statuses = new Map<string, number>();
  for (const r of await listInstallationRepos(probot, services)) {
    const log = probot.log.child({ installation: r.installationId, repo: r.fullName });
    try {
      const octokit = await probot.auth(r.installationId);
      const deps = repoDeps(services, {
        octokit,
        owner: r.owner,
        repo: r.name,
        cloneUrl: r.cloneUrl,
        defaultBranch: r.defaultBranch,
        log,
      });
      const results = await inTurn(services, r.owner, r.name, () =>
        runRepository(deps, { schedules: true, followThrough: true }),
      );
      for (const { decision } of results) {
        // The gauge counts open rollouts: one that ended in this tick is no longer one.
        if (decision.status === "completed" || decision.status === "cancelled") continue;
        statuses.set(decision.status, (statuses.get(decision.status) ?? 0) + 1);
      }
    } catch (e) {
      // One repository's failure must not stop the others' rollouts.
      log.error({ err: e }, "tick failed for repository");
    }
  }
  // What this tick saw is the whole picture: states no rollout is in any more drop to zero.
  if (services.metrics) {
    services.metrics.rollouts.reset();
    for (const [state, n] of statuses) services.metrics.rollouts.set({ state }, n);
  }
}

/**
 * Starts the minute timer; returns a function that stops it. `protect`: a tick that runs long is not overlapped
 * by the next. `tick` is the work of one tick (tests count the ticks through it).
 */
export function startTicker(
  probot: Probot,
  services: AppServices,
  pattern = "* * * * *",
  tick: typeof tickOnce = tickOnce,
): () => void {
  const job = new Cron(pattern, { protect: true }, () =>
    tick(probot, services).catch((e: unknown) => probot.log.error({ err: e }, "tick failed")),
  );
  return () => job.stop();
}
