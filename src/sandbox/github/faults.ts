// Fault injection: the next N requests matching a method and path answer with a server error, a rate limit
// (403 secondary or 429, with `retry-after` and `x-ratelimit-*` headers) or after a delay.
import { GitHubApiError } from "./errors.js";

export type FaultKind = "server-error" | "secondary-rate-limit" | "rate-limit" | "delay";

export interface FaultSpec {
  kind: FaultKind;
  /** HTTP method; any when omitted. */
  method?: string;
  /** Matches the route template (`/repos/{owner}/{repo}/pulls`) or, as a RegExp or string, the request path. */
  path: string | RegExp;
  /** How many matching requests are affected (default 1). */
  times?: number;
  /** For `server-error` (default 502) and `rate-limit` (403 or 429, default 429). */
  status?: number;
  retryAfterSeconds?: number;
  /** For `delay`: how long to hold the request (default 100 ms, or 0 when `until` is given)... */
  delayMs?: number;
  /** ...and/or a promise to hold it until, so tests order requests without depending on timing. */
  until?: Promise<unknown>;
}

export interface FaultHandle {
  remaining(): number;
  cancel(): void;
}

interface ActiveFault {
  spec: FaultSpec;
  remaining: number;
}

export interface FaultOutcome {
  /** Resolves when the request may proceed. */
  hold: Promise<void> | null;
  error: GitHubApiError | null;
}

export interface Faults {
  inject(spec: FaultSpec): FaultHandle;
  clear(): void;
  /** Consumes at most one matching fault for this request. */
  take(method: string, pathname: string, template: string | null, nowSeconds: number): FaultOutcome;
}

function matches(spec: FaultSpec, method: string, pathname: string, template: string | null): boolean {
  if (spec.method !== undefined && spec.method.toUpperCase() !== method) return false;
  if (spec.path instanceof RegExp) return spec.path.test(pathname);
  return spec.path === pathname || spec.path === template;
}

function errorFor(spec: FaultSpec, nowSeconds: number): GitHubApiError {
  const retryAfter = String(spec.retryAfterSeconds ?? 1);
  const reset = String(nowSeconds + (spec.retryAfterSeconds ?? 1));
  if (spec.kind === "secondary-rate-limit") {
    return new GitHubApiError(
      403,
      "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0000:0000:0000000:0000000:00000000.",
      {
        documentationUrl:
          "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits",
        headers: { "retry-after": retryAfter },
      },
    );
  }
  if (spec.kind === "rate-limit") {
    return new GitHubApiError(spec.status ?? 429, "API rate limit exceeded for installation.", {
      documentationUrl:
        "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-primary-rate-limits",
      headers: {
        "retry-after": retryAfter,
        "x-ratelimit-limit": "5000",
        "x-ratelimit-remaining": "0",
        "x-ratelimit-used": "5000",
        "x-ratelimit-reset": reset,
        "x-ratelimit-resource": "core",
      },
    });
  }
  return new GitHubApiError(spec.status ?? 502, "Server Error");
}

async function holdFor(spec: FaultSpec): Promise<void> {
  const ms = spec.delayMs ?? (spec.until === undefined ? 100 : 0);
  if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
  if (spec.until !== undefined) await spec.until;
}

export function createFaults(): Faults {
  let active: ActiveFault[] = [];
  return {
    inject(spec) {
      const fault: ActiveFault = { spec, remaining: spec.times ?? 1 };
      active.push(fault);
      return {
        remaining: () => fault.remaining,
        cancel: () => {
          fault.remaining = 0;
        },
      };
    },
    clear() {
      active = [];
    },
    take(method, pathname, template, nowSeconds) {
      active = active.filter((f) => f.remaining > 0);
      const fault = active.find((f) => matches(f.spec, method, pathname, template));
      if (fault === undefined) return { hold: null, error: null };
      fault.remaining -= 1;
      if (fault.spec.kind === "delay") return { hold: holdFor(fault.spec), error: null };
      return { hold: null, error: errorFor(fault.spec, nowSeconds) };
    },
  };
}
