// What the readiness tests read from the sandbox: a phase pull request's check run, the part of the dashboard
// that says where the rollout stands, and a Prometheus stand-in serving GET /api/v1/alerts on 127.0.0.1.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { LocalWorld } from "../../src/sandbox/local-world.js";
import { dashboard } from "./app-helpers.js";

/** The newest check run named `name` on a pull request's head, as GitHub shows it on the pull request. */
export function checkRun(world: LocalWorld, pullNumber: number, name = "node-patch-bot/example") {
  const repo = world.github.seed.repo(world.fullName);
  const head = repo.issues.get(pullNumber)?.pull?.headSha;
  const run = [...repo.checkRuns.values()]
    .filter((r) => r.headSha === head && r.name === name)
    .sort((a, b) => b.id - a.id)[0];
  if (run === undefined) return undefined;
  return {
    status: run.status,
    conclusion: run.conclusion,
    title: run.output.title,
    summary: run.output.summary,
  };
}

/** The dashboard's status, headline, unmet conditions and window: from **Status:** up to the approvals. */
export function standing(world: LocalWorld, issue: number): string {
  const lines = dashboard(world, issue).split("\n");
  const from = lines.findIndex((l) => l.startsWith("**Status:**"));
  const to = lines.findIndex((l, i) => i > from && (l.startsWith("**Approved by:**") || l === "### Phases"));
  return lines
    .slice(from, to)
    .filter((l) => l !== "")
    .join("\n");
}

export interface FiringAlertInput {
  alertname: string;
  activeAt?: string;
  state?: "firing" | "pending";
}

/** A Prometheus stand-in: `set` changes the alerts it answers from the next request on. */
export interface AlertsServer {
  url: string;
  set(alerts: readonly FiringAlertInput[]): void;
  /** How many times the alerts were read. */
  reads(): number;
  close(): Promise<void>;
}

export async function startAlertsServer(initial: readonly FiringAlertInput[] = []): Promise<AlertsServer> {
  let alerts = initial;
  let reads = 0;
  const server: Server = createServer((req, res) => {
    if (req.url !== "/api/v1/alerts") {
      res.writeHead(404).end();
      return;
    }
    reads++;
    const body = {
      status: "success",
      data: {
        alerts: alerts.map((a) => ({
          labels: { alertname: a.alertname, severity: "warning" },
          annotations: {},
          state: a.state ?? "firing",
          ...(a.activeAt === undefined ? {} : { activeAt: a.activeAt }),
          value: "1e+00",
        })),
      },
    };
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    set(next) {
      alerts = next;
    },
    reads: () => reads,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
