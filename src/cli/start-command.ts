// `node-patch-bot start`: the App. With GitHub App credentials in the environment (APP_ID and PRIVATE_KEY or
// PRIVATE_KEY_PATH) it serves webhooks as Probot does; without them it runs the local sandbox demo.
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ProbotOctokit, run } from "probot";
import { withHealthAndMetrics } from "../app/health.js";
import { nodePatchBot } from "../app/index.js";
import { countGitHubRequests, createMetrics } from "../app/metrics.js";
import { productionServices } from "../app/production.js";
import { runDemo } from "../sandbox/demo.js";
import { type CliIo, parseCommandArgs } from "./io.js";

export const START_USAGE = `usage: node-patch-bot start [--keep]
With APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH) set: runs the GitHub App (webhooks on PORT, default 3000).
Without them: runs the local sandbox (a GitHub stand-in and a simulated cluster) and shows a full rollout;
--keep stays up afterwards.
`;

export async function runStartCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(io, START_USAGE, () =>
    parseArgs({
      args,
      strict: true,
      options: { keep: { type: "boolean" }, help: { type: "boolean", short: "h" } },
    }),
  );
  if (typeof parsed === "number") return parsed;
  const keep = parsed.values.keep === true;
  const env = io.env;
  if (env.APP_ID && (env.PRIVATE_KEY || env.PRIVATE_KEY_PATH)) {
    // /healthz and /metrics next to the webhooks; every installation's GitHub client counts its requests.
    const metrics = createMetrics();
    const app = nodePatchBot({ ...(await productionServices(env)), metrics }, { tick: "* * * * *" });
    await run(withHealthAndMetrics(app, metrics), {
      Octokit: ProbotOctokit.plugin(countGitHubRequests(metrics)),
    });
    return 0;
  }
  io.stdout("No GitHub App credentials (APP_ID, PRIVATE_KEY): running the local sandbox.\n");
  // With --keep, Ctrl-C ends the demo cleanly: the stand-in's repositories and the servers are cleaned up.
  const stop = new AbortController();
  const abort = () => stop.abort();
  if (keep) for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, abort);
  try {
    return await runDemo({
      keep,
      cloneDir: join(io.cwd, ".sandbox", "cluster"),
      out: (line) => io.stdout(`${line}\n`),
      signal: stop.signal,
    });
  } finally {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.off(signal, abort);
  }
}
