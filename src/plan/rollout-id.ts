// A rollout id derived from the inputs: the same manifest, pool, request and config give the same id, so
// branch names (`node-patch/<id>/<index>-<kind>`) and taint values are idempotent across retries and replicas.
import { createHash } from "node:crypto";
import type { PatchRequest } from "../generated/patch-request.js";
import type { Manifest } from "../manifest/model.js";
import type { PlannerConfig } from "./config.js";

/** JSON with object keys sorted, so key order in the request file does not change the id. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function manifestText(m: Manifest): string {
  return m.chunks.map((c) => c.text).join("");
}

export function rolloutId(inputs: {
  manifest: Manifest;
  request: PatchRequest;
  config: PlannerConfig;
  pool?: Manifest | undefined;
}): string {
  const hash = createHash("sha256");
  hash.update(manifestText(inputs.manifest));
  hash.update("\u0000");
  hash.update(inputs.pool === undefined ? "" : manifestText(inputs.pool));
  hash.update("\u0000");
  hash.update(canonicalJson(inputs.request));
  hash.update("\u0000");
  hash.update(canonicalJson(inputs.config));
  return hash.digest("hex").slice(0, 12);
}
