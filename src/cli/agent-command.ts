// `node-patch-bot agent`: the in-cluster agent (agent mode). It holds the cluster credentials (its
// ServiceAccount, or a kubeconfig) and a GitHub token of its own (GITHUB_TOKEN: contents, issues and pull
// requests read, commit statuses write); the App then needs no cluster credentials at all.
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Octokit } from "@octokit/rest";
import { runAgent, runAgentOnce } from "../agent/index.js";
import { createKubernetesClusterPort, type KubeConfigSource, loadKubeConfig } from "../cluster/index.js";
import { createOctokitPort } from "../github/octokit-port.js";
import { createAlertsReader } from "../readiness/index.js";
import { createStateCodec } from "../rollout/state-codec.js";
import type { Logger } from "../service/deps.js";
import { type CliIo, parseCommandArgs } from "./io.js";

export const AGENT_USAGE = `usage: node-patch-bot agent --repo OWNER/NAME --cluster NAME --manifest-path P
                            [--in-cluster | --kubeconfig FILE [--context C]]
                            [--interval SECONDS] [--once] [--bot-login LOGIN] [--drain-round SECONDS]
Runs inside the cluster: applies the taints the last merged phase recorded on the Machines, drains, and
publishes the gate verdict as the commit status node-patch-bot/agent/<cluster> on the default branch head.
Environment: GITHUB_TOKEN (required), GITHUB_API_URL (default https://api.github.com),
GITHUB_SERVER_URL (default https://github.com).
--once runs one pass and exits (1 when it failed); otherwise it runs every --interval seconds (default 30)
until SIGTERM.
`;

const OPTIONS = {
  repo: { type: "string" },
  cluster: { type: "string" },
  "manifest-path": { type: "string" },
  "in-cluster": { type: "boolean" },
  kubeconfig: { type: "string" },
  context: { type: "string" },
  interval: { type: "string" },
  once: { type: "boolean" },
  "bot-login": { type: "string" },
  "drain-round": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

export async function runAgentCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(io, AGENT_USAGE, () => parseArgs({ args, strict: true, options: OPTIONS }));
  if (typeof parsed === "number") return parsed;
  const { values } = parsed;
  const usage = (message: string) => {
    io.stderr(`${message}\n${AGENT_USAGE}`);
    return 2;
  };
  const [owner, name, extra] = (values.repo ?? "").split("/");
  if (!owner || !name || extra !== undefined) return usage("--repo OWNER/NAME is required");
  if (!values.cluster) return usage("--cluster NAME is required (it names the status context)");
  if (!values["manifest-path"]) return usage("--manifest-path is required");
  if (values["in-cluster"] && values.kubeconfig)
    return usage("--in-cluster and --kubeconfig exclude each other");
  const interval = seconds(values.interval ?? "30");
  const drainRound = values["drain-round"] === undefined ? undefined : seconds(values["drain-round"]);
  if (interval === null || drainRound === null) return usage("--interval and --drain-round take seconds > 0");
  const token = io.env.GITHUB_TOKEN;
  if (!token) return usage("GITHUB_TOKEN is not set");

  const source: KubeConfigSource = values.kubeconfig
    ? { kind: "file", path: values.kubeconfig, ...(values.context ? { context: values.context } : {}) }
    : { kind: "in-cluster" };
  const repo = { owner, repo: name };
  const log = jsonLogger(io);
  const deps = {
    github: createOctokitPort({
      octokit: new Octokit({ baseUrl: io.env.GITHUB_API_URL ?? "https://api.github.com", auth: token }),
      repo,
      // The agent never pushes and reaches only the API: it reads through REST. The port wants a URL and a
      // scratch directory all the same.
      gitReads: false,
      gitUrl: `${io.env.GITHUB_SERVER_URL ?? "https://github.com"}/${owner}/${name}.git`,
      token: async () => token,
      workDir: join(tmpdir(), "node-patch-bot-agent"),
    }),
    cluster: createKubernetesClusterPort({ config: loadKubeConfig(source) }),
    now: () => Date.now(),
    codec: createStateCodec(),
    log,
    readAlerts: createAlertsReader(),
  };
  const options = {
    cluster: values.cluster,
    manifestPath: values["manifest-path"],
    botLogin: values["bot-login"] ?? "node-patch-bot[bot]",
    ...(drainRound === undefined ? {} : { drainRoundMs: drainRound }),
  };
  if (values.once) {
    try {
      const report = await runAgentOnce(deps, options);
      io.stdout(`${report.notes.join("\n")}\n`);
      return 0;
    } catch (e) {
      io.stderr(`agent pass failed: ${(e as Error).message}\n`);
      return 1;
    }
  }
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once("SIGTERM", onSignal);
  process.once("SIGINT", onSignal);
  try {
    await runAgent(deps, options, { intervalMs: interval, signal: stop.signal });
  } finally {
    process.off("SIGTERM", onSignal);
    process.off("SIGINT", onSignal);
  }
  return 0;
}

/** Milliseconds from a number of seconds; undefined/null when it is not a positive number. */
function seconds(text: string): number | null {
  const n = Number(text);
  return Number.isFinite(n) && n > 0 ? n * 1000 : null;
}

/** One JSON line per entry, as log collectors in a cluster expect. */
function jsonLogger(io: CliIo): Logger {
  const line = (level: string, fields: Record<string, unknown>, msg: string) => {
    const err = fields.err instanceof Error ? { err: fields.err.message } : {};
    return `${JSON.stringify({ level, time: new Date().toISOString(), msg, ...fields, ...err })}\n`;
  };
  return {
    info: (fields, msg) => io.stdout(line("info", fields, msg)),
    warn: (fields, msg) => io.stderr(line("warn", fields, msg)),
    error: (fields, msg) => io.stderr(line("error", fields, msg)),
  };
}
