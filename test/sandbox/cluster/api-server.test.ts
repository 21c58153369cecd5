import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type SimApiServer, type SimCluster, startSimApiServer } from "../../../src/sandbox/cluster/index.js";
import { readyCluster } from "./fixtures.js";
import { validateK8s } from "./k8s-schemas.js";

let sim: SimCluster;
let server: SimApiServer;

beforeEach(async () => {
  sim = readyCluster();
  sim.addPdb({ namespace: "shop", name: "web", minAvailable: 2, selector: { matchLabels: { app: "web" } } });
  server = await startSimApiServer(sim, { token: "t0k3n" });
});
afterEach(() => server.close());

/** Sends a request and checks the body against Kubernetes' schema for its kind before returning it. */
async function call(method: string, path: string, body?: unknown, contentType = "application/json") {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: "Bearer t0k3n", "content-type": contentType },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await response.json()) as Record<string, unknown> & { items?: unknown[] };
  validateK8s(json);
  return { status: response.status, json, headers: response.headers };
}

const WEB_POD_ON_WORKER_0 = () => sim.pods({ nodeName: "ip-10-0-0-20", namespace: "shop" })[0]!.metadata.name;

describe("the simulated Kubernetes API", () => {
  it("serves nodes, pods and budgets that validate against Kubernetes' schemas", async () => {
    const nodes = await call("GET", "/api/v1/nodes");
    expect(nodes.json.kind).toBe("NodeList");
    expect(nodes.json.items).toHaveLength(4);
    const node = await call("GET", "/api/v1/nodes/ip-10-0-0-20");
    expect(node.json.kind).toBe("Node");
    const pods = await call("GET", "/api/v1/pods?fieldSelector=spec.nodeName%3Dip-10-0-0-20");
    expect(pods.json.items?.map((p) => (p as { metadata: { name: string } }).metadata.name)).toHaveLength(2);
    const shop = await call("GET", "/api/v1/namespaces/shop/pods");
    expect(shop.json.items).toHaveLength(3);
    for (const path of [
      "/apis/policy/v1/poddisruptionbudgets",
      "/apis/policy/v1/namespaces/shop/poddisruptionbudgets",
    ]) {
      const pdbs = await call("GET", path);
      expect(pdbs.json.items).toEqual([
        expect.objectContaining({
          status: expect.objectContaining({
            currentHealthy: 3,
            desiredHealthy: 2,
            disruptionsAllowed: 1,
            expectedPods: 3,
          }),
        }),
      ]);
    }
  });

  it("answers errors with Status objects", async () => {
    expect((await call("GET", "/api/v1/nodes/nope")).json).toMatchObject({
      status: "Failure",
      reason: "NotFound",
      message: 'nodes "nope" not found',
      code: 404,
    });
    expect((await call("GET", "/api/v1/secrets")).status).toBe(404);
    expect((await call("DELETE", "/api/v1/nodes/ip-10-0-0-20")).status).toBe(405);
    const unauthorized = await fetch(`${server.url}/api/v1/nodes`);
    expect(unauthorized.status).toBe(401);
  });

  it("patches nodes with merge, strategic merge and JSON patches, refusing a stale resourceVersion", async () => {
    const { json: node } = await call("GET", "/api/v1/nodes/ip-10-0-0-21");
    const rv = (node.metadata as { resourceVersion: string }).resourceVersion;
    const merged = await call(
      "PATCH",
      "/api/v1/nodes/ip-10-0-0-21",
      { metadata: { resourceVersion: rv, annotations: { a: "1" } } },
      "application/merge-patch+json",
    );
    expect(merged.status).toBe(200);
    const stale = await call(
      "PATCH",
      "/api/v1/nodes/ip-10-0-0-21",
      { metadata: { resourceVersion: rv }, spec: { unschedulable: true } },
      "application/merge-patch+json",
    );
    expect(stale.status).toBe(409);
    expect(stale.json.reason).toBe("Conflict");
    const strategic = await call(
      "PATCH",
      "/api/v1/nodes/ip-10-0-0-21",
      { spec: { taints: [{ key: "example.com/x", value: "y", effect: "NoSchedule" }] } },
      "application/strategic-merge-patch+json",
    );
    expect(strategic.json.spec).toEqual({
      taints: [{ key: "example.com/x", value: "y", effect: "NoSchedule" }],
    });
    const jsonPatched = await call(
      "PATCH",
      "/api/v1/nodes/ip-10-0-0-21",
      [
        { op: "test", path: "/spec/taints/0/key", value: "example.com/x" },
        { op: "remove", path: "/spec/taints/0" },
      ],
      "application/json-patch+json",
    );
    // `taints` is `omitempty`: an empty list disappears from the object.
    expect(jsonPatched.json.spec).toEqual({});
    const failedTest = await call(
      "PATCH",
      "/api/v1/nodes/ip-10-0-0-21",
      [{ op: "test", path: "/spec/unschedulable", value: true }],
      "application/json-patch+json",
    );
    expect(failedTest.status).toBe(422);
  });

  it("refuses an eviction a budget forbids with 429, and allows it once a replacement pod is Ready", async () => {
    const first = WEB_POD_ON_WORKER_0();
    const evicted = await call("POST", `/api/v1/namespaces/shop/pods/${first}/eviction`, {
      apiVersion: "policy/v1",
      kind: "Eviction",
      metadata: { name: first, namespace: "shop" },
    });
    expect(evicted.status).toBe(201);
    const second = sim.pods({ nodeName: "ip-10-0-0-21", namespace: "shop" })[0]!.metadata.name;
    const refused = await call("POST", `/api/v1/namespaces/shop/pods/${second}/eviction`, {
      metadata: { name: second, namespace: "shop" },
    });
    expect(refused.status).toBe(429);
    expect(refused.json).toEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      reason: "TooManyRequests",
      details: {
        causes: [
          {
            reason: "DisruptionBudget",
            message: "The disruption budget web needs 2 healthy pods and has 2 currently",
          },
        ],
      },
      code: 429,
    });
    sim.clock.advance(5_000 + 10_000);
    expect((await call("POST", `/api/v1/namespaces/shop/pods/${second}/eviction`, {})).status).toBe(201);
  });

  it("injects API errors on demand: the next N requests to a path answer 500 or 429", async () => {
    sim.faults.apiErrors({ pathPrefix: "/api/v1/nodes", status: 429, count: 1 });
    sim.faults.apiErrors({ pathPrefix: "/api/v1/pods", status: 500, count: 2, method: "GET" });
    const limited = await call("GET", "/api/v1/nodes");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("1");
    expect((await call("GET", "/api/v1/nodes")).status).toBe(200);
    expect((await call("GET", "/api/v1/pods")).status).toBe(500);
    expect((await call("GET", "/api/v1/pods")).status).toBe(500);
    expect((await call("GET", "/api/v1/pods")).status).toBe(200);
  });
});
