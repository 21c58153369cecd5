// One REST request through the stand-in: count it, apply injected faults, authenticate, route, answer with
// GitHub's headers and error bodies, and record the exchange for contract tests.
import { createHash, randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { resolvePrincipal } from "./access.js";
import { missingPermission } from "./app-permissions.js";
import { GitHubApiError, notFound, requiresAuthentication } from "./errors.js";
import type { Faults } from "./faults.js";
import { type CompiledRoute, matchRoute, type RouteResult } from "./router.js";
import type { StandInState } from "./state.js";

export interface RecordedExchange {
  method: string;
  /** The route template, as the key of GitHub's OpenAPI `paths`; null when no route matched. */
  template: string | null;
  path: string;
  status: number;
  body: unknown;
  /** True when a fault injection produced the response. */
  injected: boolean;
  /** True for a non-JSON media type answer (e.g. `application/vnd.github.raw`), whose bytes are not in `body`. */
  raw: boolean;
}

export interface DispatchDeps {
  state: StandInState;
  routes: CompiledRoute[];
  faults: Faults;
  count(key: string): void;
  record(exchange: RecordedExchange): void;
  /** Runs state-changing requests one at a time, as GitHub's own consistency would have them. */
  serialize<T>(work: () => Promise<T>): Promise<T>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch {
    throw new GitHubApiError(400, "Problems parsing JSON");
  }
}

export async function dispatch(deps: DispatchDeps, req: IncomingMessage, res: ServerResponse, url: URL) {
  const method = req.method ?? "GET";
  const matched = matchRoute(deps.routes, method, url.pathname);
  const template = matched?.route.template ?? null;
  const nowSeconds = Math.floor(deps.state.tokenClock().getTime() / 1000);
  const fault = deps.faults.take(method, url.pathname, template, nowSeconds);
  if (fault.hold !== null) await fault.hold;
  let result: RouteResult;
  const raw = await readBody(req);
  try {
    if (fault.error !== null) throw fault.error;
    if (matched === null) throw notFound();
    const { route, params } = matched;
    const body = parseJson(raw);
    const principal = resolvePrincipal(deps.state, req.headers, route.auth);
    if (principal === null) {
      throw route.auth === "app"
        ? new GitHubApiError(401, "A JSON web token could not be decoded")
        : requiresAuthentication();
    }
    if (principal.kind === "installation") refuseUngranted(deps.state, method, route.template);
    const ctx = { method, url, params, query: url.searchParams, body, headers: req.headers, principal };
    result = method === "GET" ? await route.handler(ctx) : await deps.serialize(() => route.handler(ctx));
  } catch (error) {
    if (!(error instanceof GitHubApiError)) {
      console.error("GitHub stand-in: unexpected error", error);
    }
    const apiError = error instanceof GitHubApiError ? error : new GitHubApiError(500, "Server Error");
    result = { status: apiError.status, body: apiError.body(), headers: apiError.headers };
  }
  // GitHub tags what a GET answers; asked again with that tag, it answers 304 without counting the request
  // against the rate limit. The counters keep 304s apart for the same reason.
  const etag = method === "GET" && result.status === 200 ? entityTag(result) : undefined;
  const notModified = etag !== undefined && req.headers["if-none-match"] === etag;
  deps.count(`${method} ${template ?? "(unmatched)"}${notModified ? NOT_MODIFIED : ""}`);
  if (etag !== undefined) result = { ...result, headers: { ...result.headers, etag } };
  if (notModified) result = { status: 304, body: undefined, headers: { etag } };
  deps.record({
    method,
    template,
    path: url.pathname,
    status: result.status,
    body: result.body,
    injected: fault.error !== null,
    raw: result.raw !== undefined,
  });
  const headers: Record<string, string> = {
    "x-github-request-id": randomUUID(),
    "x-github-api-version-selected": "2022-11-28",
    "x-ratelimit-limit": "5000",
    "x-ratelimit-remaining": "4999",
    "x-ratelimit-used": "1",
    "x-ratelimit-reset": String(nowSeconds + 3600),
    "x-ratelimit-resource": "core",
    ...result.headers,
  };
  if (result.raw !== undefined) {
    res.writeHead(result.status, headers).end(result.raw);
    return;
  }
  if (result.body === undefined || result.status === 204 || result.status === 304) {
    res.writeHead(result.status, headers).end();
    return;
  }
  const text = JSON.stringify(result.body);
  res.writeHead(result.status, { ...headers, "content-type": "application/json; charset=utf-8" }).end(text);
}

/** The counter suffix of a conditional GET answered 304 Not Modified. */
export const NOT_MODIFIED = " (304)";

function entityTag(result: RouteResult): string {
  const bytes = result.raw ?? JSON.stringify(result.body ?? null);
  return `W/"${createHash("sha1").update(bytes).digest("hex")}"`;
}

/** GitHub's answer to an installation token calling an endpoint its App's permissions do not cover. */
function refuseUngranted(state: StandInState, method: string, template: string): void {
  const missing = missingPermission(state.app.permissions, method, template);
  if (missing === undefined) return;
  throw new GitHubApiError(403, "Resource not accessible by integration", {
    documentationUrl: "https://docs.github.com/rest",
    // GitHub names the permission that would have been accepted.
    headers: { "x-accepted-github-permissions": missing },
  });
}
