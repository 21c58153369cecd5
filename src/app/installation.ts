// Installing the app on repositories (a new installation, or repositories added to one) onboards each that
// has a Machines manifest and no config. The events name the repositories only; one request each gives the
// clone URL and default branch. One repository's failure does not stop the others'.
import type { Context } from "probot";
import { runOnboarding } from "../service/onboarding.js";
import { type AppServices, inTurn, repoDeps } from "./context-deps.js";

type InstallationContext = Context<"installation.created" | "installation_repositories.added">;

export async function onboardInstalled(services: AppServices, context: InstallationContext): Promise<void> {
  const { payload } = context;
  const listed = "repositories_added" in payload ? payload.repositories_added : (payload.repositories ?? []);
  for (const { full_name: fullName } of listed) {
    const [owner = "", repo = ""] = fullName.split("/");
    const log = context.log.child({ installation: payload.installation.id, repo: fullName });
    try {
      const { data } = await context.octokit.rest.repos.get({ owner, repo });
      if (data.archived) continue;
      const deps = repoDeps(services, {
        octokit: context.octokit,
        owner,
        repo,
        cloneUrl: data.clone_url,
        defaultBranch: data.default_branch,
        log,
      });
      const outcome = await inTurn(services, owner, repo, () => runOnboarding(deps));
      log.info({ onboarding: outcome.status }, "installed on repository");
    } catch (e) {
      log.error({ err: e }, "onboarding failed for repository");
    }
  }
}
