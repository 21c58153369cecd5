// A whole local world for the demo and end-to-end tests: the GitHub stand-in, the simulated WKS cluster
// behind a Kubernetes API server, and the real app (Probot, the real Octokit and Kubernetes clients) wired to
// both, all on one simulated clock. Nothing here reaches beyond 127.0.0.1.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Octokit } from "@octokit/rest";
import { type DestinationStream, pino } from "pino";
import { createNodeMiddleware, Probot, ProbotOctokit } from "probot";
import { type AgentDeps, runAgentOnce } from "../agent/index.js";
import { createAppCache } from "../app/cache.js";
import type { AppServices } from "../app/context-deps.js";
import { nodePatchBot } from "../app/index.js";
import { createRepoQueue } from "../app/repo-queue.js";
import { tickOnce } from "../app/tick.js";
import { createKubernetesClusterPort, loadKubeConfig } from "../cluster/index.js";
import { createPatchRequestChecker } from "../commands/issue-request.js";
import { createOctokitPort } from "../github/octokit-port.js";
import { parseManifest } from "../manifest/index.js";
import { createAlertsReader } from "../readiness/index.js";
import { createStateCodec } from "../rollout/state-codec.js";
import { createSimCluster, type SimCluster, startSimApiServer } from "./cluster/index.js";
import { createGitHubStandIn, type GitHubStandIn, type Permission } from "./github/index.js";

export interface LocalWorldOptions {
  /** Files of the cluster repository (the manifest, the config, a pool). */
  files: Record<string, string>;
  manifestPath: string;
  owner?: string;
  repo?: string;
  /** Users and their permission on the repository. */
  users?: Record<string, Permission>;
  /** Log level of the app (pino); "silent" by default. */
  logLevel?: string;
  /** Extra setup of the simulated cluster before the first reconcile (workloads, budgets, images). */
  setupCluster?: (sim: SimCluster) => void;
  /**
   * Replicas of the app (1 by default), as pods behind one load balancer: GitHub delivers each webhook once, so
   * deliveries go to the replicas in turn, while every replica's timer ticks at the same time (the races a
   * stateless design must survive). Redeliveries go to whichever replica is next.
   */
  replicas?: number;
  /**
   * `direct` (default): the app holds the cluster credentials. `agent`: the app holds none, and every step
   * runs one pass of the in-cluster agent, which acts on the cluster and reports to GitHub as user `agent`.
   */
  mode?: "direct" | "agent";
  /** The app's metrics, when a test wants to read them. */
  metrics?: AppServices["metrics"];
  /** Where the app's log lines go (stdout by default); reliability tests capture them to grep for secrets. */
  logDestination?: DestinationStream;
  /**
   * Sees every request to the stand-in and the cluster's API server first; `false` drops the connection
   * unanswered. Reliability tests kill the app with it, then `restart()` it. Everything passes when omitted.
   */
  gate?: (request: { server: "github" | "cluster"; method: string; path: string }) => boolean;
  /** Keep every REST exchange the stand-in serves (`github.exchanges()`), for contract tests of a whole run. */
  record?: boolean;
  /**
   * The app's Octokit retries server errors and honours `retry-after` as in production (Probot's defaults);
   * without it, requests fail at once, so tests decide what happens.
   */
  productionClient?: boolean;
}

export interface LocalWorld {
  github: GitHubStandIn;
  sim: SimCluster;
  fullName: string;
  defaultBranch: string;
  probot: Probot;
  /** The first replica's services (what its timer ticks with). */
  services: AppServices;
  /** Every replica (the first is `probot`). */
  probots: Probot[];
  /**
   * Replaces every replica with a fresh one, as a crashed pod's container restarts: nothing survives in memory,
   * the clone cache on disk does (an emptyDir outlives a container restart).
   */
  restart(): Promise<void>;
  /** Where the stand-in delivers webhooks (the replicas' load balancer), for tests that redirect them. */
  webhookUrl: string;
  /** The credentials the world generated, so tests can check they never leak. */
  secrets: { privateKey: string; webhookSecret: string; clusterToken: string };
  /** Lets webhooks land, the cluster follow the manifest on the default branch, and the app's timer tick once. */
  step(): Promise<void>;
  /** Advances simulated time by `ms`, then steps. */
  advance(ms: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startLocalWorld(options: LocalWorldOptions): Promise<LocalWorld> {
  const owner = options.owner ?? "acme";
  const name = options.repo ?? "cluster";
  const fullName = `${owner}/${name}`;
  const secret = randomBytes(16).toString("hex");
  const sim = createSimCluster();
  options.setupCluster?.(sim);
  const now = () => sim.clock.now();

  // 1. GitHub: the repository with the manifest, its users, and the app installed.
  const gate = options.gate;
  const github = await createGitHubStandIn({
    webhooks: { secret, hold: true },
    now: () => new Date(now()),
    ...(options.record === true ? { record: true } : {}),
    ...(gate ? { gate: (r: { method: string; path: string }) => gate({ server: "github", ...r }) } : {}),
  });
  const seeded = await github.seed.createRepo({ owner, name, files: options.files });
  const users: Record<string, Permission> = options.users ?? { alice: "admin" };
  for (const [login, permission] of Object.entries(users)) {
    github.seed.addUser(login);
    github.seed.setPermission(fullName, login, permission);
  }

  // 2. The cluster: machines of the initial manifest joined and Ready before the story starts.
  const manifestText = options.files[options.manifestPath] ?? "";
  sim.reconcileManifestText(manifestText, { file: options.manifestPath });
  sim.clock.advance(10 * 60_000);
  const token = randomBytes(16).toString("hex");
  const api = await startSimApiServer(sim, {
    token,
    ...(gate ? { gate: (r: { method: string; path: string }) => gate({ server: "cluster", ...r }) } : {}),
  });
  const cluster = createKubernetesClusterPort({
    config: loadKubeConfig({ kind: "token", server: api.url, token, skipTLSVerify: true }),
    time: { now, sleep: (ms) => sim.clock.sleep(ms) },
  });

  // 3. The real app, receiving the stand-in's signed webhooks over HTTP.
  const { privateKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  const replicas: { probot: Probot; services: AppServices }[] = [];
  // As in production, so a config's `readiness.prometheus` is read (tests serve alerts on 127.0.0.1).
  const readAlerts = createAlertsReader();
  const startReplica = async (workDir?: string) => {
    const log = pino({ level: options.logLevel ?? "silent" }, options.logDestination);
    const probot = new Probot({
      appId: github.app.id,
      privateKey,
      secret,
      baseUrl: github.url,
      log,
      // Production's client retries and throttles; the sandbox's answers at once unless a scenario asks.
      ...(options.productionClient ? {} : { Octokit: UnthrottledOctokit }),
    });
    const services: AppServices = {
      ...(options.mode === "agent" ? {} : { cluster }),
      now,
      codec: createStateCodec(),
      checkRequest: createPatchRequestChecker(),
      // Each replica has its own clone cache, as separate pods would.
      workDir: workDir ?? (await mkdtemp(join(tmpdir(), "npb-app-"))),
      botLogin: `${github.app.slug}[bot]`,
      cache: createAppCache(),
      queue: createRepoQueue(),
      readAlerts,
      ...(options.metrics ? { metrics: options.metrics } : {}),
    };
    await probot.load(nodePatchBot(services));
    return { probot, services };
  };
  for (let i = 0; i < Math.max(1, options.replicas ?? 1); i++) replicas.push(await startReplica());
  const firstOf = () => {
    const first = replicas[0];
    if (first === undefined) throw new Error("unreachable: at least one replica");
    return first;
  };
  const middlewareFor = (probot: Probot) => createNodeMiddleware(() => {}, { probot, webhooksPath: "/" });
  let middleware = replicas.length === 1 ? await middlewareFor(firstOf().probot) : undefined;
  let turn = 0;
  const server: Server = createServer((req, res) => {
    if (middleware) {
      void middleware(req, res);
      return;
    }
    // Several replicas: each delivery goes to the next one in turn.
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const header = (n: string) => String(req.headers[n] ?? "");
      const event = {
        id: header("x-github-delivery"),
        name: header("x-github-event") as Parameters<Probot["webhooks"]["verifyAndReceive"]>[0]["name"],
        payload: Buffer.concat(chunks).toString("utf8"),
        signature: header("x-hub-signature-256"),
      };
      const target = replicas[turn++ % replicas.length] ?? firstOf();
      target.probot.webhooks.verifyAndReceive(event).then(
        () => {
          res.statusCode = 200;
          res.end();
        },
        () => {
          res.statusCode = 500;
          res.end();
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  github.webhooks.setUrl(webhookUrl);

  const agentPass =
    options.mode === "agent"
      ? await startAgent(github, fullName, options.manifestPath, clusterNameOf(manifestText), {
          cluster,
          now,
          readAlerts,
        })
      : undefined;
  const step = async () => {
    // Webhooks are held and flushed here, so the story runs in a deterministic order.
    for (let i = 0; i < 20 && github.webhooks.pending().length > 0; i++) await github.webhooks.flush();
    const text = await github.seed.readFile(fullName, seeded.defaultBranch, options.manifestPath);
    if (text !== null) sim.reconcileManifestText(text, { file: options.manifestPath });
    if (agentPass) await agentPass();
    await Promise.all(replicas.map((r) => tickOnce(r.probot, r.services)));
    for (let i = 0; i < 20 && github.webhooks.pending().length > 0; i++) await github.webhooks.flush();
  };

  return {
    github,
    sim,
    fullName,
    defaultBranch: seeded.defaultBranch,
    get probot() {
      return firstOf().probot;
    },
    get services() {
      return firstOf().services;
    },
    get probots() {
      return replicas.map((r) => r.probot);
    },
    async restart() {
      for (let i = 0; i < replicas.length; i++) {
        replicas[i] = await startReplica(replicas[i]?.services.workDir);
      }
      if (middleware) middleware = await middlewareFor(firstOf().probot);
    },
    webhookUrl,
    secrets: { privateKey, webhookSecret: secret, clusterToken: token },
    step,
    async advance(ms) {
      sim.clock.advance(ms);
      await step();
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await api.close();
      await github.stop();
      for (const r of replicas) await rm(r.services.workDir, { recursive: true, force: true });
    },
  };
}

/**
 * Probot's Octokit without client-side throttling and retries: the stand-in answers at once, the world's clock is
 * simulated, and tests decide what fails. An object passed to `defaults` would not do: Probot wraps the class
 * with its own throttle options (handlers, no `enabled`), which replace an object default's `throttle` whole and
 * so turn throttling back on, spacing every write a second apart. A function default gets the last word.
 */
const UnthrottledOctokit = ProbotOctokit.defaults(
  (options: ConstructorParameters<typeof ProbotOctokit>[0]) => ({
    ...options,
    retry: { enabled: false },
    throttle: { ...options?.throttle, enabled: false },
  }),
);

/** One pass of the in-cluster agent, with its own GitHub user (write permission) and the cluster port. */
async function startAgent(
  github: GitHubStandIn,
  fullName: string,
  manifestPath: string,
  clusterName: string,
  parts: Pick<AgentDeps, "cluster" | "now" | "readAlerts">,
): Promise<() => Promise<void>> {
  github.seed.addUser("agent");
  github.seed.setPermission(fullName, "agent", "write");
  const token = github.seed.userToken("agent");
  const [owner = "", repo = ""] = fullName.split("/");
  const port = createOctokitPort({
    octokit: new Octokit({ auth: token, baseUrl: github.url }),
    repo: { owner, repo },
    // As `node-patch-bot agent` makes it: reads through REST, the API being all the agent reaches.
    gitReads: false,
    gitUrl: github.cloneUrl(fullName, token),
    token: async () => token,
    workDir: await mkdtemp(join(tmpdir(), "npb-agent-")),
  });
  const deps: AgentDeps = {
    ...parts,
    github: port,
    codec: createStateCodec(),
    log: pino({ level: "silent" }),
  };
  return async () => {
    await runAgentOnce(deps, { cluster: clusterName, manifestPath, botLogin: `${github.app.slug}[bot]` });
  };
}

/** The cluster name the planner gives the plan (and so the agent's status context), from the manifest. */
function clusterNameOf(text: string): string {
  const parsed = parseManifest(text, { file: "manifest" });
  const first = parsed.ok ? parsed.manifest.machines[0] : undefined;
  return first?.clusterName ?? first?.clusterNameLabel ?? "";
}
