// createGitHubStandIn: a stateful, in-memory GitHub (REST + git over HTTP + webhooks) on 127.0.0.1.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadAppManifest } from "./app-permissions.js";
import { dispatch, type RecordedExchange } from "./dispatch.js";
import { createFaults, type FaultHandle, type FaultSpec } from "./faults.js";
import { GIT_PATH, type HookEndpoint, serveGit } from "./http-backend.js";
import { handlePreReceive, PRE_RECEIVE_PATH } from "./pre-receive.js";
import { compileRoutes } from "./router.js";
import { appRoutes } from "./routes-app.js";
import { checkRoutes } from "./routes-checks.js";
import { commitRoutes } from "./routes-commits.js";
import { issueRoutes } from "./routes-issues.js";
import { labelRoutes } from "./routes-labels.js";
import { pullRoutes } from "./routes-pulls.js";
import { refRoutes } from "./routes-refs.js";
import { repoRoutes } from "./routes-repos.js";
import { createSeedApi, type SeedApi } from "./seed.js";
import { type AppInfo, createState } from "./state.js";
import { createWebhooks, type WebhookOptions, type Webhooks } from "./webhooks.js";
import type { World } from "./world.js";

export interface GitHubStandInOptions {
  /** Where bare repositories live; a fresh temp directory (removed on stop) when omitted. */
  dataDir?: string;
  app?: Partial<AppInfo>;
  webhooks?: WebhookOptions;
  /** The clock for timestamps in payloads and commits (the stand-in is an edge: real time by default). */
  now?: () => Date;
  /**
   * The clock installation tokens expire by (one hour). Real time by default, even when `now` is simulated:
   * Octokit's token cache runs on real time, and a simulated clock racing ahead would expire tokens it still uses.
   */
  tokenClock?: () => Date;
  /** Keep every REST exchange for contract tests. */
  record?: boolean;
  /**
   * Sees every request (REST and git) before it is served; `false` drops the connection unanswered, as a
   * crashed client's requests never arrive (reliability tests kill the app this way). Everything passes when omitted.
   */
  gate?: (request: { method: string; path: string }) => boolean;
}

export interface GitHubStandIn {
  url: string;
  dataDir: string;
  app: AppInfo;
  seed: SeedApi;
  webhooks: Webhooks;
  injectFault(spec: FaultSpec): FaultHandle;
  clearFaults(): void;
  /** Requests per endpoint, keyed `METHOD /template` (git traffic as `GIT /{owner}/{repo}.git/...`). */
  counters(): Record<string, number>;
  resetCounters(): void;
  exchanges(): readonly RecordedExchange[];
  /** Every endpoint it serves to tokens (installation or user), as `METHOD /template`. */
  tokenRoutes(): string[];
  /** Every installation and user token issued so far (tests check none leaks into logs or comments). */
  issuedTokens(): string[];
  /** `http://x-access-token:TOKEN@127.0.0.1:PORT/owner/repo.git` */
  cloneUrl(fullName: string, token: string): string;
  stop(): Promise<void>;
}

export async function createGitHubStandIn(options: GitHubStandInOptions = {}): Promise<GitHubStandIn> {
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), "npb-github-standin-")));
  const app: AppInfo = {
    id: 1,
    slug: "node-patch-bot",
    name: "node-patch-bot",
    ...loadAppManifest(),
    ...options.app,
  };
  const state = createState(app, options.now ?? (() => new Date()), options.tokenClock ?? (() => new Date()));
  const webhooks = createWebhooks(options.webhooks ?? { secret: "development" });
  const world: World = { state, shapes: { state, baseUrl: "" }, webhooks, dataDir, factsCache: new Map() };
  const routes = compileRoutes([
    ...appRoutes(world),
    ...repoRoutes(world),
    ...refRoutes(world),
    ...pullRoutes(world),
    ...issueRoutes(world),
    ...labelRoutes(world),
    ...checkRoutes(world),
    ...commitRoutes(world),
  ]);
  const faults = createFaults();
  const counts = new Map<string, number>();
  const recorded: RecordedExchange[] = [];
  let queue: Promise<unknown> = Promise.resolve();
  const deps = {
    state,
    routes,
    faults,
    count: (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1),
    record: (exchange: RecordedExchange) => {
      if (options.record === true) recorded.push(exchange);
    },
    serialize<T>(work: () => Promise<T>): Promise<T> {
      const run = queue.then(work, work);
      queue = run.catch(() => undefined);
      return run;
    },
  };

  const hook: HookEndpoint = { url: "", secret: randomBytes(16).toString("hex") };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", world.shapes.baseUrl);
    if (options.gate !== undefined && !options.gate({ method: req.method ?? "GET", path: url.pathname })) {
      req.socket.destroy();
      return;
    }
    const handle = async () => {
      if (url.pathname === PRE_RECEIVE_PATH && req.method === "POST") {
        await handlePreReceive(world, hook.secret, req, res);
        return;
      }
      if (GIT_PATH.test(url.pathname)) {
        deps.count(`GIT ${url.pathname.replace(GIT_PATH, "/{owner}/{repo}.git$3")}`);
        const fault = faults.take(
          req.method ?? "GET",
          url.pathname,
          null,
          Math.floor(state.tokenClock().getTime() / 1000),
        );
        if (fault.hold !== null) await fault.hold;
        if (fault.error !== null) {
          res.writeHead(fault.error.status, fault.error.headers).end(`${fault.error.message}\n`);
          return;
        }
        // A push runs in turn with REST writes, as those do with each other: a rebase merge's scratch
        // worktree would otherwise break a concurrent push's connectivity check, and the refs a push changed
        // are found by comparing before and after.
        const pushing = req.method === "POST" && url.pathname.endsWith("/git-receive-pack");
        await (pushing
          ? deps.serialize(() => serveGit(world, hook, req, res, url))
          : serveGit(world, hook, req, res, url));
        return;
      }
      await dispatch(deps, req, res, url);
    };
    handle().catch((error: unknown) => {
      console.error("GitHub stand-in: request failed", error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string")
    throw new Error("the stand-in is not listening on TCP");
  const { port } = address;
  const url = `http://127.0.0.1:${port}`;
  world.shapes.baseUrl = url;
  hook.url = `${url}${PRE_RECEIVE_PATH}`;

  return {
    url,
    dataDir,
    app,
    seed: createSeedApi(world),
    webhooks,
    injectFault: (spec) => faults.inject(spec),
    clearFaults: () => faults.clear(),
    counters: () => Object.fromEntries(counts),
    resetCounters: () => counts.clear(),
    exchanges: () => recorded,
    tokenRoutes: () => routes.filter((r) => r.auth === "token").map((r) => `${r.method} ${r.template}`),
    issuedTokens: () => [...state.tokens.keys()],
    cloneUrl: (fullName, token) => `http://x-access-token:${token}@127.0.0.1:${port}/${fullName}.git`,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await webhooks.idle();
      if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
