// Serves the simulated cluster's Kubernetes API subset over HTTP on 127.0.0.1, so the app's real
// @kubernetes/client-node code runs against it unchanged.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ApiResponse } from "./api.js";
import type { Json } from "./patch.js";
import type { SimCluster } from "./sim-cluster.js";
import { failure } from "./status.js";

export interface SimApiServer {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

export interface SimApiServerOptions {
  /** When set, requests must carry `Authorization: Bearer <token>`. */
  token?: string;
  /** Sees every answer the server sends (contract tests check each body against Kubernetes' schemas). */
  onResponse?: (exchange: { method: string; path: string; code: number; body: unknown }) => void;
  /** Sees every request first; `false` drops the connection unanswered (a crashed client). All pass when omitted. */
  gate?: (request: { method: string; path: string }) => boolean;
}

type Route = (match: RegExpExecArray, request: ParsedRequest) => ApiResponse;

interface ParsedRequest {
  method: string;
  query: URLSearchParams;
  contentType: string;
  body: Json;
}

const NAME = "([a-z0-9][-a-z0-9.]*)";

function routes(sim: SimCluster): Array<[string, RegExp, Route]> {
  const api = sim.api;
  return [
    ["GET", /^\/api\/v1\/nodes$/, (_m, r) => api.listNodes(r.query)],
    ["GET", new RegExp(`^/api/v1/nodes/${NAME}$`), (m) => api.getNode(m[1] ?? "")],
    [
      "PATCH",
      new RegExp(`^/api/v1/nodes/${NAME}$`),
      (m, r) => api.patchNode(m[1] ?? "", r.contentType, r.body),
    ],
    ["GET", /^\/api\/v1\/pods$/, (_m, r) => api.listPods(undefined, r.query)],
    ["GET", new RegExp(`^/api/v1/namespaces/${NAME}/pods$`), (m, r) => api.listPods(m[1], r.query)],
    [
      "GET",
      new RegExp(`^/api/v1/namespaces/${NAME}/pods/${NAME}$`),
      (m) => api.getPod(m[1] ?? "", m[2] ?? ""),
    ],
    [
      "POST",
      new RegExp(`^/api/v1/namespaces/${NAME}/pods/${NAME}/eviction$`),
      (m, r) => api.evict(m[1] ?? "", m[2] ?? "", r.body),
    ],
    ["GET", /^\/apis\/policy\/v1\/poddisruptionbudgets$/, () => api.listPdbs(undefined)],
    [
      "GET",
      new RegExp(`^/apis/policy/v1/namespaces/${NAME}/poddisruptionbudgets$`),
      (m) => api.listPdbs(m[1]),
    ],
    [
      "GET",
      new RegExp(`^/apis/policy/v1/namespaces/${NAME}/poddisruptionbudgets/${NAME}$`),
      (m) => api.getPdb(m[1] ?? "", m[2] ?? ""),
    ],
    // The Machine CRD (the API server serves custom resources under their group; 404 when not installed).
    ["GET", /^\/apis\/cluster\.x-k8s\.io\/v1alpha3\/machines$/, () => api.listMachines(undefined)],
    [
      "GET",
      new RegExp(`^/apis/cluster\\.x-k8s\\.io/v1alpha3/namespaces/${NAME}/machines$`),
      (m) => api.listMachines(m[1]),
    ],
    [
      "GET",
      new RegExp(`^/apis/cluster\\.x-k8s\\.io/v1alpha3/namespaces/${NAME}/machines/${NAME}$`),
      (m) => api.getMachine(m[1] ?? "", m[2] ?? ""),
    ],
  ];
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString("utf8");
}

function send(response: ServerResponse, result: ApiResponse): void {
  const text = JSON.stringify(result.body);
  response.writeHead(result.code, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    ...result.headers,
  });
  response.end(text);
}

function statusResponse(code: number, message: string, reason?: string): ApiResponse {
  return { code, body: failure(code, message, undefined, reason) };
}

export async function startSimApiServer(
  sim: SimCluster,
  options: SimApiServerOptions = {},
): Promise<SimApiServer> {
  const table = routes(sim);
  const handle = async (request: IncomingMessage): Promise<ApiResponse> => {
    const method = request.method ?? "GET";
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    if (options.token !== undefined && request.headers.authorization !== `Bearer ${options.token}`) {
      return statusResponse(401, "Unauthorized");
    }
    const injected = sim.api.fault(method, url.pathname);
    if (injected !== undefined) return injected;
    const matching = table.filter(([, pattern]) => pattern.test(url.pathname));
    if (matching.length === 0) return statusResponse(404, "the server could not find the requested resource");
    const route = matching.find(([m]) => m === method);
    if (route === undefined) {
      return statusResponse(405, "the server does not allow this method on the requested resource");
    }
    const text = await readBody(request);
    let body: Json = null;
    if (text !== "") {
      try {
        body = JSON.parse(text);
      } catch {
        return statusResponse(400, "the body of the request could not be decoded as JSON");
      }
    }
    const match = route[1].exec(url.pathname);
    if (match === null) return statusResponse(404, "the server could not find the requested resource");
    const contentType = request.headers["content-type"] ?? "application/json";
    return route[2](match, { method, query: url.searchParams, contentType, body });
  };
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://127.0.0.1").pathname;
    if (options.gate !== undefined && !options.gate({ method: request.method ?? "GET", path })) {
      request.socket.destroy();
      return;
    }
    handle(request).then(
      (result) => {
        options.onResponse?.({ method: request.method ?? "GET", path: request.url ?? "/", ...result });
        send(response, result);
      },
      (error: unknown) => send(response, statusResponse(500, `Internal error occurred: ${String(error)}`)),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
      }),
  };
}
