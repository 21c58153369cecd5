// Conditional requests, as GitHub recommends for anything polled: a GET whose answer carried an ETag is asked
// again with `If-None-Match`, and a `304 Not Modified` is answered from the remembered response. GitHub does
// not count a 304 against the rate limit, so the minute timer's rereads of unchanged issues, pull requests
// and comments cost nothing (branch heads and files at a commit are read through git: see push.ts). The
// store is only a cache: losing it (a restart) costs full requests, never correctness, since a 304 proves the
// remembered answer is still the current one.
import type { Octokit } from "@octokit/rest";

type Hookable = Pick<Octokit, "hook" | "request">;
type OctokitResponse = Awaited<ReturnType<Octokit["request"]>>;

export interface ConditionalStore {
  entries: Map<string, { etag: string; response: OctokitResponse }>;
  /** The Octokit instances already wrapped (each is wrapped once, however many ports use it). */
  wrapped: WeakSet<object>;
  max: number;
}

export function createConditionalStore(max = 500): ConditionalStore {
  return { entries: new Map(), wrapped: new WeakSet(), max };
}

/** Makes every GET of `octokit` conditional on what `store` remembers. */
export function useConditionalRequests(octokit: Hookable, store: ConditionalStore): void {
  if (store.wrapped.has(octokit)) return;
  store.wrapped.add(octokit);
  octokit.hook.wrap("request", async (request, options) => {
    const endpoint = octokit.request.endpoint.parse(options);
    if (endpoint.method !== "GET") return request(options);
    // The media type is part of the answer: the raw and the JSON form of a file are different entries.
    const key = `${endpoint.url} ${String(endpoint.headers.accept ?? "")}`;
    const known = store.entries.get(key);
    if (known !== undefined) options.headers = { ...options.headers, "if-none-match": known.etag };
    try {
      const response = await request(options);
      const etag = response.headers.etag;
      if (typeof etag === "string" && etag !== "") remember(store, key, { etag, response });
      return response;
    } catch (error) {
      if (known !== undefined && statusOf(error) === 304) {
        remember(store, key, known);
        return known.response;
      }
      throw error;
    }
  });
}

/** Least recently used entries go first. */
function remember(store: ConditionalStore, key: string, entry: { etag: string; response: OctokitResponse }) {
  store.entries.delete(key);
  store.entries.set(key, entry);
  while (store.entries.size > store.max) {
    const oldest = store.entries.keys().next().value;
    if (oldest === undefined) break;
    store.entries.delete(oldest);
  }
}

function statusOf(error: unknown): number | undefined {
  return typeof error === "object" && error !== null && "status" in error && typeof error.status === "number"
    ? error.status
    : undefined;
}
