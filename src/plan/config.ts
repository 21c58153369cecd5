// The repository config (`.github/node-patch-bot.yml`) and the part of it the planner uses, with the
// schema's defaults applied.
import type { RepositoryConfig } from "../generated/config.js";
import type { Diagnostic } from "../manifest/model.js";
import { compileConfigValidator, configDefault } from "./schemas.js";
import { readYamlInput, schemaDiagnostics } from "./yaml-input.js";

export interface PlannerConfig {
  manifestPath: string;
  clusterName?: string;
  poolPath?: string;
  taintAnnotation: string;
  taintKey: string;
  failureDomainLabels: readonly string[];
  kubernetesVersions: string;
}

export type ConfigResult = { ok: true; config: RepositoryConfig } | { ok: false; diagnostics: Diagnostic[] };

/** An empty file is an empty config: every field has a default. */
export function parseRepositoryConfig(text: string, file: string): ConfigResult {
  const read = readYamlInput(text, file);
  if (!read.ok) return read;
  const value = read.input.value ?? {};
  const validate = compileConfigValidator();
  if (validate(value)) return { ok: true, config: value };
  return {
    ok: false,
    diagnostics: schemaDiagnostics(validate.errors ?? [], read.input, "the config", "invalid-config"),
  };
}

export function plannerConfig(config: RepositoryConfig = {}): PlannerConfig {
  const out: PlannerConfig = {
    manifestPath: config.manifestPath ?? String(configDefault("manifestPath")),
    taintAnnotation: config.taintAnnotation ?? String(configDefault("taintAnnotation")),
    taintKey: config.taintKey ?? String(configDefault("taintKey")),
    failureDomainLabels: config.failureDomainLabels ?? (configDefault("failureDomainLabels") as string[]),
    kubernetesVersions: config.kubernetesVersions ?? String(configDefault("kubernetesVersions")),
  };
  if (config.clusterName !== undefined) out.clusterName = config.clusterName;
  if (config.poolPath !== undefined) out.poolPath = config.poolPath;
  return out;
}
