// The Prometheus alerts reader against a tiny local HTTP server standing in for Prometheus.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { AlertsError, createAlertsReader, fetchFiringAlerts } from "../../src/readiness/index.js";

let server: Server | undefined;
const requests: string[] = [];

async function prometheus(status: number, body: string): Promise<string> {
  server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url} ${req.headers.accept}`);
    res.writeHead(status, { "content-type": "application/json" });
    res.end(body);
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function stop(): Promise<void> {
  const running = server;
  server = undefined;
  if (running === undefined) return;
  // fetch keeps connections alive; close them so the port is really free.
  running.closeAllConnections();
  await new Promise((resolve) => running.close(resolve));
}

afterEach(async () => {
  requests.length = 0;
  await stop();
});

const alert = (alertname: string, state: string, activeAt?: string) => ({
  labels: { alertname, severity: "critical" },
  annotations: { summary: `${alertname} summary` },
  state,
  ...(activeAt === undefined ? {} : { activeAt }),
  value: "1e+00",
});

describe("fetchFiringAlerts", () => {
  it("reads GET /api/v1/alerts and returns the firing alerts by name; pending ones do not block yet", async () => {
    const url = await prometheus(
      200,
      JSON.stringify({
        status: "success",
        data: {
          alerts: [
            alert("KubeNodeNotReady", "firing", "2026-11-25T09:58:00.1+00:00"),
            alert("DiskWillFillIn4Hours", "pending"),
            alert("HighErrorRate", "firing"),
          ],
        },
      }),
    );
    expect(await fetchFiringAlerts(`${url}/`)).toEqual([
      { name: "HighErrorRate", labels: { alertname: "HighErrorRate", severity: "critical" } },
      {
        name: "KubeNodeNotReady",
        labels: { alertname: "KubeNodeNotReady", severity: "critical" },
        activeAt: "2026-11-25T09:58:00.1+00:00",
      },
    ]);
    expect(requests).toEqual(["GET /api/v1/alerts application/json"]);
  });

  it("an empty list is no alerts; a reader is reused across ticks", async () => {
    const url = await prometheus(200, '{"status":"success","data":{"alerts":[]}}');
    const read = createAlertsReader();
    expect(await read(url)).toEqual([]);
    expect(await read(url)).toEqual([]);
    expect(requests).toHaveLength(2);
  });

  it("refuses an answer that is not Prometheus' alerts API, saying where it differs", async () => {
    const url = await prometheus(200, '{"status":"success","data":{"alerts":[{"labels":{"alertname":1}}]}}');
    await expect(fetchFiringAlerts(url)).rejects.toThrow(
      new AlertsError(
        `${url}/api/v1/alerts did not answer like Prometheus' alerts API: /data/alerts/0 must have required property 'state'`,
      ),
    );
    await stop();
    const missingData = await prometheus(200, '{"status":"success"}');
    await expect(fetchFiringAlerts(missingData)).rejects.toThrow(/must have required property 'data'/);
  });

  it("reports Prometheus' own errors, HTTP errors, non-JSON and an unreachable server", async () => {
    const url = await prometheus(
      200,
      '{"status":"error","errorType":"unavailable","error":"rule manager stopped"}',
    );
    await expect(fetchFiringAlerts(url)).rejects.toThrow(
      `${url}/api/v1/alerts answered an error: unavailable: rule manager stopped`,
    );
    await stop();
    const failing = await prometheus(503, "{}");
    await expect(fetchFiringAlerts(failing)).rejects.toThrow(
      `${failing}/api/v1/alerts answered 503 Service Unavailable`,
    );
    await stop();
    const html = await prometheus(200, "<html>login</html>");
    await expect(fetchFiringAlerts(html)).rejects.toThrow(`${html}/api/v1/alerts did not answer JSON`);
    await stop();
    await expect(fetchFiringAlerts(html)).rejects.toThrow(/could not be read: fetch failed/);
  });
});
