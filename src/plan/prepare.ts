// From the texts of a request, a manifest, the repository config and the pool file to a plan with every
// phase's manifest text, or located diagnostics. Pure: the CLI and the App read the files, this decides.

import type { ValidateFunction } from "ajv";
import type { RepositoryConfig } from "../generated/config.js";
import type { PatchRequest } from "../generated/patch-request.js";
import type { Plan } from "../generated/plan.js";
import { type ManifestParser, parseManifest } from "../manifest/index.js";
import type { Diagnostic, Manifest } from "../manifest/model.js";
import { parseRepositoryConfig, plannerConfig } from "./config.js";
import { type PhaseText, renderPhaseTexts } from "./phase-texts.js";
import { planRollout } from "./planner.js";
import type { Refusal } from "./refusal.js";
import { parsePatchRequest } from "./request.js";
import type { YamlInput } from "./yaml-input.js";

export interface SourceFile {
  file: string;
  text: string | Uint8Array;
}

export interface PlanSources {
  request: { file: string; text: string };
  manifest: SourceFile;
  /** The repository config file's text; absent means all defaults. */
  config?: { file: string; text: string };
  /** The repository config, already read and validated (e.g. by the App); used when `config` is absent. */
  repositoryConfig?: RepositoryConfig;
  /** The pool file's contents when `config.poolPath` (or an override) names one that exists. */
  pool?: SourceFile;
  /** Overrides `config.manifestPath` (the manifest's path in the repository, used in the plan). */
  manifestPath?: string;
  /** Overrides `config.poolPath`. */
  poolPath?: string;
  rolloutId?: string;
  /** Render every phase's manifest text (default true): proves the plan applies to this manifest. */
  phaseTexts?: boolean;
  /** Parses the manifest and the pool (default parseManifest); the App passes one that remembers results. */
  parseManifest?: ManifestParser;
  /** The patch request schema, compiled (compileRequestValidator), for callers that plan often. */
  requestValidator?: ValidateFunction<PatchRequest>;
}

export type PreparedPlan =
  | {
      ok: true;
      plan: Plan;
      manifest: Manifest;
      pool?: Manifest;
      texts: PhaseText[];
      warnings: Diagnostic[];
    }
  | { ok: false; diagnostics: Diagnostic[]; warnings: Diagnostic[] };

export function preparePlan(sources: PlanSources): PreparedPlan {
  const warnings: Diagnostic[] = [];
  const fail = (diagnostics: Diagnostic[]): PreparedPlan => ({ ok: false, diagnostics, warnings });
  let repoConfig: RepositoryConfig = sources.repositoryConfig ?? {};
  if (sources.config !== undefined) {
    const parsed = parseRepositoryConfig(sources.config.text, sources.config.file);
    if (!parsed.ok) return fail(parsed.diagnostics);
    repoConfig = parsed.config;
  }
  const config = plannerConfig(repoConfig);
  if (sources.manifestPath !== undefined) config.manifestPath = sources.manifestPath;
  if (sources.poolPath !== undefined) config.poolPath = sources.poolPath;

  const request = parsePatchRequest(sources.request.text, sources.request.file, sources.requestValidator);
  if (!request.ok) return fail(request.diagnostics);
  const manifestOptions = {
    taintAnnotation: config.taintAnnotation,
    kubernetesVersions: config.kubernetesVersions,
  };
  const parse = sources.parseManifest ?? parseManifest;
  const parsedManifest = parse(sources.manifest.text, {
    file: sources.manifest.file,
    ...manifestOptions,
  });
  if (!parsedManifest.ok) return fail(parsedManifest.diagnostics);
  warnings.push(...parsedManifest.warnings);
  const manifest = parsedManifest.manifest;

  let pool: Manifest | undefined;
  const wantsPool = request.request.strategy === "replace" && request.request.replacements === undefined;
  if (wantsPool && config.poolPath !== undefined) {
    if (sources.pool === undefined) {
      return fail([
        {
          severity: "error",
          code: "pool-missing",
          file: config.poolPath,
          line: 1,
          col: 1,
          message: `the pool file ${config.poolPath} named by poolPath does not exist`,
          hint: "create it with the provisioned spare machines, or list replacements in the request",
        },
      ]);
    }
    const parsedPool = parse(sources.pool.text, {
      file: sources.pool.file,
      pool: true,
      ...manifestOptions,
    });
    if (!parsedPool.ok) return fail(parsedPool.diagnostics);
    warnings.push(...parsedPool.warnings);
    pool = parsedPool.manifest;
  }

  const planned = planRollout({
    manifest,
    request: request.request,
    config,
    ...(pool === undefined ? {} : { pool }),
    ...(sources.rolloutId === undefined ? {} : { rolloutId: sources.rolloutId }),
  });
  if (!planned.ok) return fail(planned.refusals.map((r) => refusalDiagnostic(r, request.input, manifest)));
  let texts: PhaseText[] = [];
  if (sources.phaseTexts !== false) {
    const rendered = renderPhaseTexts(planned.plan, manifest, pool);
    if (!rendered.ok) return fail(rendered.diagnostics);
    texts = rendered.texts;
  }
  const out: PreparedPlan = { ok: true, plan: planned.plan, manifest, texts, warnings };
  if (pool !== undefined) out.pool = pool;
  return out;
}

/** A refusal as a diagnostic at the request field it names, or at the machine in the manifest. */
export function refusalDiagnostic(r: Refusal, request: YamlInput, manifest: Manifest): Diagnostic {
  const base = { severity: "error" as const, code: r.code, message: r.message, hint: r.hint };
  if (r.path !== undefined) return { ...base, file: request.file, ...request.locate(r.path) };
  if (r.machine !== undefined)
    return { ...base, file: manifest.file, ...machinePosition(manifest, r.machine) };
  return { ...base, file: request.file, line: 1, col: 1 };
}

function machinePosition(manifest: Manifest, name: string): { line: number; col: number } {
  const pair = manifest.machines.find((m) => m.name === name);
  if (pair === undefined) return { line: 1, col: 1 };
  let line = 1;
  for (let i = 0; i < pair.machineChunk; i++) line += manifest.chunks[i]?.lineBreaks ?? 0;
  const lines = (manifest.chunks[pair.machineChunk]?.text ?? "").split("\n");
  const at = lines.findIndex((l) => /^\s*name:/.test(l) && l.includes(name));
  const col = at === -1 ? 1 : (lines[at]?.indexOf("name:") ?? 0) + 1;
  return { line: line + Math.max(at, 0), col };
}
