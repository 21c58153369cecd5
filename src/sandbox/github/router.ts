// Matches requests against route templates written exactly as GitHub's REST description writes its paths
// (`/repos/{owner}/{repo}/pulls/{pull_number}`), so a recorded exchange names its OpenAPI operation directly.
import type { IncomingHttpHeaders } from "node:http";
import type { Permission } from "./state.js";

export type Principal =
  | { kind: "installation"; installationId: number; login: string }
  | { kind: "user"; login: string }
  | { kind: "app" };

export interface RequestContext {
  method: string;
  /** The request URL, absolute against the stand-in's base URL. */
  url: URL;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  headers: IncomingHttpHeaders;
  principal: Principal | null;
}

export interface RouteResult {
  status: number;
  body?: unknown;
  /** A non-JSON body (e.g. a file's bytes for `application/vnd.github.raw`), sent with `headers`' content-type. */
  raw?: Buffer;
  headers?: Record<string, string>;
}

export type Handler = (ctx: RequestContext) => Promise<RouteResult>;

export interface Route {
  method: string;
  template: string;
  /** `app`: a JWT (Bearer) is required; `token`: an installation or user token. */
  auth: "app" | "token";
  handler: Handler;
}

export interface CompiledRoute extends Route {
  pattern: RegExp;
  names: string[];
}

// These parameters may contain slashes (file paths, refs, branch names) and match greedily.
const GREEDY = new Set(["path", "ref", "branch", "basehead"]);

export function compileRoutes(routes: Route[]): CompiledRoute[] {
  return routes.map((route) => {
    const names: string[] = [];
    const source = route.template
      .replace(/[.*+?^$()|[\]\\]/g, "\\$&")
      .replace(/\{(\w+)\}/g, (_m, name: string) => {
        names.push(name);
        return GREEDY.has(name) ? "(.+)" : "([^/]+)";
      });
    return { ...route, names, pattern: new RegExp(`^${source}$`) };
  });
}

export function matchRoute(
  routes: CompiledRoute[],
  method: string,
  pathname: string,
): { route: CompiledRoute; params: Record<string, string> } | null {
  for (const route of routes) {
    if (route.method !== method) continue;
    const match = route.pattern.exec(pathname);
    if (match === null) continue;
    const params: Record<string, string> = {};
    route.names.forEach((name, index) => {
      params[name] = decodeURIComponent(match[index + 1] ?? "");
    });
    return { route, params };
  }
  return null;
}

export function param(ctx: RequestContext, name: string): string {
  return ctx.params[name] ?? "";
}

export function intParam(ctx: RequestContext, name: string): number {
  return Number.parseInt(param(ctx, name), 10);
}

/** The JSON body as a record (GitHub answers 400 "Problems parsing JSON" for anything else). */
export function bodyOf(ctx: RequestContext): Record<string, unknown> {
  return isRecord(ctx.body) ? ctx.body : {};
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function stringField(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  return typeof value === "string" ? value : undefined;
}

export function permissionOf(value: unknown): Permission | undefined {
  const all: Permission[] = ["admin", "maintain", "write", "triage", "read", "none"];
  return all.find((p) => p === value);
}

/** One page of a list, with GitHub's `link` header so Octokit's paginate() walks the rest. */
export function paged<T>(ctx: RequestContext, items: T[]): { items: T[]; headers: Record<string, string> } {
  const perPage = Math.min(Number(ctx.query.get("per_page") ?? 30) || 30, 100);
  const page = Math.max(Number(ctx.query.get("page") ?? 1) || 1, 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const headers: Record<string, string> = {};
  if (page < last) {
    const at = (n: number) => {
      const url = new URL(ctx.url);
      url.searchParams.set("page", String(n));
      return url.toString();
    };
    headers.link = `<${at(page + 1)}>; rel="next", <${at(last)}>; rel="last"`;
  }
  return { items: items.slice((page - 1) * perPage, page * perPage), headers };
}
