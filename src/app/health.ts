// The App's own HTTP endpoints next to Probot's webhook route: `/healthz` for Kubernetes' probes and
// `/metrics` for Prometheus. Probot 14 hands an app function `addHandler`; a handler returns true when it
// answered the request, false to let Probot's next handler (ultimately its 404) take it.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApplicationFunction } from "probot";
import { trackingIssueOf } from "../service/pull-text.js";
import type { AppMetrics } from "./metrics.js";

export const HEALTH_PATH = "/healthz";
export const METRICS_PATH = "/metrics";

export type HealthHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

export function createHealthHandler(metrics: AppMetrics): HealthHandler {
  return (req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path !== HEALTH_PATH && path !== METRICS_PATH) return false;
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" });
      res.end("method not allowed\n");
      return true;
    }
    if (path === HEALTH_PATH) {
      // Liveness only: the process serves HTTP. GitHub or the cluster being down must not restart the pod.
      send(res, req.method, 200, "text/plain; charset=utf-8", "ok\n");
      return true;
    }
    metrics.registry.metrics().then(
      (body) => send(res, req.method, 200, metrics.registry.contentType, body),
      (e: unknown) => send(res, req.method, 500, "text/plain; charset=utf-8", `${String(e)}\n`),
    );
    return true;
  };
}

function send(res: ServerResponse, method: string | undefined, status: number, type: string, body: string) {
  res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body) });
  res.end(method === "HEAD" ? undefined : body);
}

/**
 * The App function with the health and metrics endpoints added, and webhook deliveries, handler failures and
 * phase pull requests opened and merged counted (all seen in webhooks, so no flow needs to know).
 */
export function withHealthAndMetrics(appFn: ApplicationFunction, metrics: AppMetrics): ApplicationFunction {
  return async (app, options) => {
    options.addHandler(createHealthHandler(metrics));
    app.onAny((event) => {
      metrics.webhooks.inc({ event: event.name });
    });
    // Phase pull requests carry the tracking-issue marker in their body; GitHub reports their opening and
    // merging (by a person or by the bot) as webhooks, so counting here needs nothing from the flows.
    app.on("pull_request.opened", (context) => {
      if (trackingIssueOf(context.payload.pull_request.body) !== undefined) metrics.phasesOpened.inc();
    });
    app.on("pull_request.closed", (context) => {
      const pull = context.payload.pull_request;
      if (pull.merged && trackingIssueOf(pull.body) !== undefined) metrics.phasesMerged.inc();
    });
    app.onError((error) => {
      metrics.handlerErrors.inc({ event: error.event?.name ?? "unknown" });
    });
    await appFn(app, options);
  };
}
