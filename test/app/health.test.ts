// /healthz and /metrics (issue 9), over real HTTP on 127.0.0.1: the handler alone on a plain Node server, then
// inside Probot's own Server with a signed webhook delivery, and the Octokit plugin counting GitHub requests
// against a local stand-in.
import { createHmac, generateKeyPairSync } from "node:crypto";
import { createServer, type Server as HttpServer, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";
import { pino } from "pino";
import { Probot, ProbotOctokit, Server } from "probot";
import { afterEach, describe, expect, it } from "vitest";
import { createHealthHandler, withHealthAndMetrics } from "../../src/app/health.js";
import { countGitHubRequests, createMetrics } from "../../src/app/metrics.js";
import { ISSUE_MARKER } from "../../src/service/pull-text.js";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function listen(listener: RequestListener): Promise<string> {
  const server: HttpServer = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The handler in front of a fallback that answers 418, as Probot's later handlers would. */
async function serveHandler(metrics = createMetrics({ processMetrics: false })) {
  const handler = createHealthHandler(metrics);
  const base = await listen((req, res) => {
    if (!handler(req, res)) res.writeHead(418).end("fallthrough");
  });
  return { base, metrics };
}

describe("the health handler", () => {
  it("answers GET /healthz with 200 ok, with or without a query string", async () => {
    const { base } = await serveHandler();
    for (const path of ["/healthz", "/healthz?probe=liveness"]) {
      const res = await fetch(`${base}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(await res.text()).toBe("ok\n");
    }
    const head = await fetch(`${base}/healthz`, { method: "HEAD" });
    expect([head.status, await head.text()]).toEqual([200, ""]);
  });

  it("serves the registry in Prometheus' text format on /metrics, with the app's metrics", async () => {
    const { base, metrics } = await serveHandler();
    metrics.phasesOpened.inc(2);
    metrics.phasesMerged.inc();
    metrics.rollouts.set({ state: "rolling" }, 3);
    metrics.gateWaitSeconds.observe({ outcome: "passed" }, 420);
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toContain("node_patch_bot_phases_opened_total 2\n");
    expect(text).toContain("node_patch_bot_phases_merged_total 1\n");
    expect(text).toContain('node_patch_bot_rollouts{state="rolling"} 3\n');
    expect(text).toContain('node_patch_bot_gate_wait_seconds_bucket{le="900",outcome="passed"} 1\n');
    expect(text).toContain('node_patch_bot_gate_wait_seconds_bucket{le="300",outcome="passed"} 0\n');
    expect(text).toContain("# TYPE node_patch_bot_github_requests_total counter");
  });

  it("includes Node's process metrics unless told not to", async () => {
    const withProcess = await createMetrics().registry.metrics();
    const without = await createMetrics({ processMetrics: false }).registry.metrics();
    expect(withProcess).toContain("process_cpu_user_seconds_total");
    expect(without).not.toContain("process_cpu_user_seconds_total");
  });

  it("keeps each App's registry to itself (no shared global registry)", async () => {
    const one = createMetrics({ processMetrics: false });
    const two = createMetrics({ processMetrics: false });
    one.phasesOpened.inc();
    expect(await two.registry.metrics()).toContain("node_patch_bot_phases_opened_total 0\n");
  });

  it("refuses other methods on its paths and leaves every other path to the next handler", async () => {
    const { base } = await serveHandler();
    const post = await fetch(`${base}/metrics`, { method: "POST" });
    expect([post.status, post.headers.get("allow")]).toEqual([405, "GET, HEAD"]);
    for (const path of ["/", "/healthz/extra", "/api/github/webhooks", "/metricsx"]) {
      expect((await fetch(`${base}${path}`)).status, path).toBe(418);
    }
  });
});

const { privateKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs1", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});

/** A free loopback port (Probot's Server treats port 0 as "default 3000"). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("withHealthAndMetrics in Probot's Server", () => {
  it("adds the endpoints next to the webhook route and counts deliveries, failing handlers and phase pulls", async () => {
    const metrics = createMetrics({ processMetrics: false });
    const secret = "webhook-secret";
    const port = await freePort();
    const server = new Server({
      host: "127.0.0.1",
      port,
      log: pino({ level: "silent" }),
      Probot: Probot.defaults({ appId: 1, privateKey, secret, log: pino({ level: "silent" }) }),
    });
    await server.load(
      withHealthAndMetrics((app) => {
        app.on("issues.opened", () => {
          throw new Error("handler failed");
        });
      }, metrics),
    );
    const http = await server.start();
    closers.push(() => new Promise((resolve) => http.close(() => resolve())));
    const base = `http://127.0.0.1:${port}`;

    expect(await (await fetch(`${base}/healthz`)).text()).toBe("ok\n");
    const deliver = (event: string, payload: object) => {
      const body = JSON.stringify(payload);
      return fetch(`${base}/api/github/webhooks`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-github-event": event,
          "x-github-delivery": `delivery-${event}`,
          "x-hub-signature-256": `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`,
        },
        body,
      });
    };
    expect((await deliver("ping", { zen: "Keep it logically awesome." })).status).toBe(200);
    expect((await deliver("issues", { action: "opened", issue: { number: 1 } })).status).toBe(500);

    // Phase pull requests (the tracking-issue marker in the body) opened and merged; other pulls are not phases.
    const phase = { number: 7, body: `Phase 1\n${ISSUE_MARKER}12 -->`, merged: false };
    const other = { number: 8, body: "a person's change", merged: true };
    const pull = (action: string, pull_request: object) =>
      deliver("pull_request", {
        action,
        number: 7,
        pull_request,
        repository: { name: "c", owner: { login: "a" } },
      });
    expect((await pull("opened", phase)).status).toBe(200);
    expect((await pull("closed", { ...phase, merged: true })).status).toBe(200);
    expect((await pull("closed", phase)).status).toBe(200);
    expect((await pull("closed", other)).status).toBe(200);

    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toContain('node_patch_bot_webhooks_total{event="ping"} 1\n');
    expect(text).toContain('node_patch_bot_webhooks_total{event="issues"} 1\n');
    expect(text).toContain('node_patch_bot_webhooks_total{event="pull_request"} 4\n');
    expect(text).toContain("node_patch_bot_phases_opened_total 1\n");
    expect(text).toContain("node_patch_bot_phases_merged_total 1\n");
    expect(text).toContain('node_patch_bot_handler_errors_total{event="issues"} 1\n');
    // Probot's own 404 still answers what nobody handles.
    expect((await fetch(`${base}/nothing-here`)).status).toBe(404);
  });
});

describe("countGitHubRequests", () => {
  it("counts every REST request by method and status, and failures apart (a 304 is not one)", async () => {
    const base = await listen((req, res) => {
      const status = req.url?.startsWith("/repos/acme/missing")
        ? 404
        : req.url?.startsWith("/repos/acme/same")
          ? 304
          : 200;
      res.writeHead(status, { "content-type": "application/json" }).end(status === 200 ? "{}" : "");
    });
    const metrics = createMetrics({ processMetrics: false });
    const Octokit = ProbotOctokit.plugin(countGitHubRequests(metrics)).defaults({
      retry: { enabled: false },
      throttle: { enabled: false },
    });
    const octokit = new Octokit({ baseUrl: base, auth: "token" });
    await octokit.rest.repos.get({ owner: "acme", repo: "cluster" });
    await octokit.rest.issues.create({ owner: "acme", repo: "cluster", title: "t" });
    await expect(octokit.rest.repos.get({ owner: "acme", repo: "missing" })).rejects.toMatchObject({
      status: 404,
    });
    await expect(octokit.rest.repos.get({ owner: "acme", repo: "same" })).rejects.toMatchObject({
      status: 304,
    });

    const text = await metrics.registry.metrics();
    expect(text).toContain('node_patch_bot_github_requests_total{method="GET",status="200"} 1\n');
    expect(text).toContain('node_patch_bot_github_requests_total{method="POST",status="200"} 1\n');
    expect(text).toContain('node_patch_bot_github_requests_total{method="GET",status="404"} 1\n');
    expect(text).toContain('node_patch_bot_github_requests_total{method="GET",status="304"} 1\n');
    expect(text).toContain('node_patch_bot_github_errors_total{method="GET",status="404"} 1\n');
    expect(text).not.toContain('node_patch_bot_github_errors_total{method="GET",status="304"}');
  });
});
