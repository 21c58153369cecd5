// The GitHub App: Probot wiring only. Each handler builds the event's dependencies and calls one flow.
import type { ApplicationFunction, Probot } from "probot";
import { runComment } from "../service/command.js";
import { runIssue } from "../service/issue.js";
import { trackingIssueOf } from "../service/pull-text.js";
import { runReconcile } from "../service/reconcile.js";
import { runRepository } from "../service/repository.js";
import { type AppServices, flowDeps, inTurn } from "./context-deps.js";
import { onboardInstalled } from "./installation.js";
import { startTicker } from "./tick.js";

export interface AppOptions {
  /** Cron pattern of the app's own timer (every minute in production); none in tests and the sandbox, which tick by hand. */
  tick?: string;
}

export function nodePatchBot(services: AppServices, options: AppOptions = {}): ApplicationFunction {
  /** The event's flow, after the flows of its repository already running here (see repo-queue.ts). */
  const inOrder = <T>(context: { repo(): { owner: string; repo: string } }, work: () => Promise<T>) => {
    const { owner, repo } = context.repo();
    return inTurn(services, owner, repo, work);
  };
  return (app: Probot) => {
    if (options.tick !== undefined) startTicker(app, services, options.tick);

    app.on(["issues.opened", "issues.edited", "issues.reopened"], async (context) => {
      const { issue, action } = context.payload;
      await inOrder(context, () =>
        runIssue(flowDeps(services, context), {
          issue: issue.number,
          body: issue.body ?? "",
          action: action as "opened" | "edited" | "reopened",
          isPullRequest: issue.pull_request !== undefined,
          authorType: issue.user?.type ?? "User",
          ...(issue.user?.login === undefined ? {} : { author: issue.user.login }),
        }),
      );
    });

    app.on("issue_comment.created", async (context) => {
      const { issue, comment } = context.payload;
      await inOrder(context, () =>
        runComment(flowDeps(services, context), {
          issue: issue.number,
          commentId: comment.id,
          body: comment.body,
          author: comment.user?.login ?? "",
          authorType: comment.user?.type ?? "User",
          labels: (issue.labels ?? []).map((l) => (typeof l === "string" ? l : (l.name ?? ""))),
          createdAt: Date.parse(comment.created_at),
        }),
      );
    });

    app.on(["pull_request.closed", "pull_request.synchronize", "pull_request.edited"], async (context) => {
      // The bot's own merges and closes were decided in a reconcile that already shows them and follows them
      // through (or leaves the rest to the timer).
      const { action, sender } = context.payload;
      if (action === "closed" && sender.login === services.botLogin) return;
      const issue = trackingIssueOf(context.payload.pull_request.body);
      if (issue !== undefined)
        await inOrder(context, () => runReconcile(flowDeps(services, context), { issue }));
    });

    app.on("push", async (context) => {
      // Only a change of the default branch can move rollouts, and not the bot's own (its merges): the
      // reconcile that merged follows the merge through, or leaves the rest to the timer. Acting on it again
      // here would reread and rewrite what that reconcile just wrote, a dashboard and listings a phase.
      const { ref, repository, sender } = context.payload;
      if (ref === `refs/heads/${repository.default_branch}` && sender?.login !== services.botLogin)
        await inOrder(context, () => runRepository(flowDeps(services, context)));
    });

    // The timer's installation listing is cached for minutes: a change of installations ends that at once.
    app.on(["installation", "installation_repositories"], async () => {
      if (services.cache) delete services.cache.installations;
    });

    // Repositories the app was just installed on get their onboarding pull request (the timer would open it
    // too, a minute later).
    app.on(["installation.created", "installation_repositories.added"], async (context) => {
      await onboardInstalled(services, context);
    });

    app.on("check_run.rerequested", async (context) => {
      await inOrder(context, () => runRepository(flowDeps(services, context)));
    });
  };
}
