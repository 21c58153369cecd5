import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  type EditResult,
  formatDiagnostic,
  type Manifest,
  type ParseOptions,
  parseManifest,
} from "../../src/manifest/index.js";

/** `../shared` sits beside the repository, locally and in CI. */
export const SHARED = join(import.meta.dirname, "..", "..", "..", "shared");
export const UPSTREAM = join(SHARED, "fixtures", "upstream");
export const PEER = join(SHARED, "fixtures", "peer");

export function upstream(name: string): string {
  return readFileSync(join(UPSTREAM, name), "utf8");
}

export function mustParse(text: string, options: Partial<ParseOptions> = {}): Manifest {
  const r = parseManifest(text, { file: "machines.yaml", ...options });
  if (!r.ok) throw new Error(r.diagnostics.map(formatDiagnostic).join("\n"));
  return r.manifest;
}

export function mustEdit(r: EditResult): Manifest {
  if (!r.ok) throw new Error(r.diagnostics.map(formatDiagnostic).join("\n"));
  return r.manifest;
}

/** Every message of a failed parse, formatted as the CLI prints them. */
export function problems(text: string | Uint8Array, options: Partial<ParseOptions> = {}): string {
  const r = parseManifest(text, { file: "machines.yaml", ...options });
  return (r.ok ? r.warnings : r.diagnostics).map(formatDiagnostic).join("\n");
}
