// The app's own timer: every minute it reconciles every active rollout of every installation, so gates and
// windows advance without waiting for a webhook. A tick is idempotent, so several replicas may tick at once.
import { Cron } from "croner";
import type { Probot } from "probot";
import { runRepository } from "../service/repository.js";
import { type AppServices, repoDeps } from "./context-deps.js";

export async function tickOnce(probot: Probot, services: AppServices): Promise<void> {
  const appOctokit = await probot.auth();
  const installations = await appOctokit.paginate(appOctokit.rest.apps.listInstallations, { per_page: 100 });
  for (const installation of installations) {
    const octokit = await probot.auth(installation.id);
    const repos = await octokit.paginate(octokit.rest.apps.listReposAccessibleToInstallation, {
      per_page: 100,
    });
    for (const r of repos) {
      const log = probot.log.child({ installation: installation.id, repo: r.full_name });
      try {
        await runRepository(
          repoDeps(services, { octokit, owner: r.owner.login, repo: r.name, cloneUrl: r.clone_url, log }),
        );
      } catch (e) {
        // One repository's failure must not stop the others' rollouts.
        log.error({ err: e }, "tick failed for repository");
      }
    }
  }
}

/** Starts the minute timer; returns a function that stops it. */
export function startTicker(probot: Probot, services: AppServices, pattern = "* * * * *"): () => void {
  const job = new Cron(pattern, { protect: true }, () =>
    tickOnce(probot, services).catch((e: unknown) => probot.log.error({ err: e }, "tick failed")),
  );
  return () => job.stop();
}
