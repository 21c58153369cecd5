// Builds a flow's dependencies from a Probot event context: the GitHub port for the event's repository
// (REST through the installation's Octokit, pushes through simple-git with a fresh installation token),
// the repository config through Probot's loader (YAML, `_extends`), and the app-wide parts.
import type { Context } from "probot";
import type { ClusterPort } from "../cluster/index.js";
import type { PatchRequestCheck } from "../commands/issue-request.js";
import { useConditionalRequests } from "../github/conditional.js";
import { createOctokitPort } from "../github/octokit-port.js";
import type { StateCodec } from "../rollout/state-codec.js";
import type { FlowDeps } from "../service/deps.js";
import { type AppCache, withFileCache } from "./cache.js";
import type { AppMetrics } from "./metrics.js";
import { type RepoQueue, repoKey } from "./repo-queue.js";

/** What the app holds for its whole life: nothing per repository, nothing mutable. */
export interface AppServices {
  cluster?: ClusterPort;
  now: () => number;
  codec: StateCodec;
  checkRequest: (candidate: unknown) => PatchRequestCheck;
  /** A cache directory for git clones (the app is stateless: deleting it loses nothing). */
  workDir: string;
  /** The app's metrics that the flows feed (absent in tests and the sandbox). */
  metrics?: Pick<AppMetrics, "rollouts" | "gateWaitSeconds">;
  /** Reads Prometheus alerts for gates that `readiness.prometheus` blocks (one reader: it compiles its schema once). */
  readAlerts?: FlowDeps["readAlerts"];
  /** The App's bot login, e.g. `node-patch-bot[bot]`. */
  botLogin: string;
  /** Immutable facts and compiled validators kept between events (see cache.ts); none means no caching. */
  cache?: AppCache;
  /** Runs one repository's flows one after another (see repo-queue.ts); none means they may overlap. */
  queue?: RepoQueue;
}

type RepoContext = Context<"issues" | "issue_comment" | "pull_request" | "push" | "check_run">;
type InstallationOctokit = RepoContext["octokit"];

export interface RepoTarget {
  octokit: InstallationOctokit;
  owner: string;
  repo: string;
  /** The repository's git URL (`clone_url`). */
  cloneUrl: string;
  /** The default branch when the event or listing already says it (saves a request). */
  defaultBranch?: string;
  log: FlowDeps["log"];
}

/** A flow's dependencies for one repository of an installation (events and timer ticks alike). */
export function repoDeps(services: AppServices, target: RepoTarget): FlowDeps {
  const { octokit, owner, repo } = target;
  if (services.cache) useConditionalRequests(octokit, services.cache.conditional);
  const port = createOctokitPort({
    octokit,
    repo: { owner, repo },
    gitUrl: target.cloneUrl,
    token: async () => ((await octokit.auth({ type: "installation" })) as { token: string }).token,
    workDir: services.workDir,
    ...(services.cache ? { shapes: services.cache.shapes } : {}),
  });
  return {
    github: services.cache ? withFileCache(port, services.cache, target.defaultBranch) : port,
    ...(services.cache
      ? {
          validateConfig: services.cache.validateConfig,
          validateRequest: services.cache.validateRequest,
          parseManifest: services.cache.manifests.parse,
        }
      : {}),
    ...(services.cluster ? { cluster: services.cluster } : {}),
    ...(services.readAlerts ? { readAlerts: services.readAlerts } : {}),
    ...(services.metrics ? { observeGateWait: observeGateWait(services.metrics) } : {}),
    loadConfig: async () => {
      const { config, files } = await octokit.config.get({ owner, repo, path: ".github/node-patch-bot.yml" });
      // The loader answers `{}` when no file exists; onboarding must tell that from an empty file.
      return files.some((f) => f.config !== null) ? config : null;
    },
    now: services.now,
    log: target.log,
    codec: services.codec,
    checkRequest: services.checkRequest,
    botLogin: services.botLogin,
  };
}

export function flowDeps(services: AppServices, context: RepoContext): FlowDeps {
  const { owner, repo } = context.repo();
  return repoDeps(services, {
    octokit: context.octokit,
    owner,
    repo,
    cloneUrl: context.payload.repository.clone_url,
    defaultBranch: context.payload.repository.default_branch,
    log: context.log,
  });
}

/** Runs a flow of `owner/repo` after the ones queued before it (at once without a queue). */
export function inTurn<T>(
  services: AppServices,
  owner: string,
  repo: string,
  work: () => Promise<T>,
): Promise<T> {
  return services.queue ? services.queue.run(repoKey(owner, repo), work) : work();
}

function observeGateWait(
  metrics: Pick<AppMetrics, "gateWaitSeconds">,
): NonNullable<FlowDeps["observeGateWait"]> {
  return (seconds, outcome) => metrics.gateWaitSeconds.observe({ outcome }, seconds);
}
