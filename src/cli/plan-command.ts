// `node-patch-bot plan --manifest F --request R [--config C] [--pool P] [--format json|markdown]`:
// prints the rollout plan, or exits 1 with `file:line:col` messages saying why it cannot be planned.
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { formatDiagnostic } from "../manifest/index.js";
import type { Diagnostic } from "../manifest/model.js";
import {
  type PreparedPlan,
  parseRepositoryConfig,
  preparePlan,
  type RepositoryConfig,
  renderPlanJson,
  renderPlanMarkdown,
} from "../plan/index.js";
import { type CliIo, parseCommandArgs } from "./io.js";

export const PLAN_USAGE = `usage: node-patch-bot plan --manifest FILE --request FILE [--config FILE] [--pool FILE] [--format json|markdown]
Plans a rollout: waves of add / taint / untaint / remove phases, one pull request each.
  --manifest FILE   the Machines manifest (WKP setup/machines.yaml, wksctl machines.yaml)
  --request FILE    the patch request (YAML or JSON; see schemas/patch-request.schema.json)
  --config FILE     the repository config (.github/node-patch-bot.yml); defaults apply without it
  --pool FILE       spare machines for replace (default: the config's poolPath, relative to the current directory)
  --format FORMAT   json (default; schemas/plan.schema.json) or markdown (as posted on the issue)
Exit codes: 0 planned, 1 invalid input or refused (with file:line:col), 2 usage.
`;

type Io = Pick<CliIo, "stdout" | "stderr" | "cwd">;

export async function runPlanCommand(args: string[], io: Io): Promise<number> {
  const parsed = parseCommandArgs(io, PLAN_USAGE, () => parse(args));
  if (typeof parsed === "number") return parsed;
  const { values } = parsed;
  const format = values.format ?? "json";
  if (values.manifest === undefined || values.request === undefined) {
    io.stderr(`--manifest and --request are required\n${PLAN_USAGE}`);
    return 2;
  }
  if (format !== "json" && format !== "markdown") {
    io.stderr(`unknown format: ${format}\n${PLAN_USAGE}`);
    return 2;
  }
  const prepared = await loadAndPlan(io, {
    manifest: values.manifest,
    request: values.request,
    ...(values.config === undefined ? {} : { config: values.config }),
    ...(values.pool === undefined ? {} : { pool: values.pool }),
  });
  if (!prepared.ok) return 1;
  io.stdout(format === "json" ? renderPlanJson(prepared.plan) : renderPlanMarkdown(prepared.plan));
  return 0;
}

export interface PlanFiles {
  manifest: string;
  request: string;
  config?: string;
  pool?: string;
  /** The manifest's path in the repository (default: `manifest` as given). */
  manifestPath?: string;
  /**
   * Reads the manifest, config and pool (paths as given); default: the file system, relative to the
   * current directory. `stage` reads them from the repository's HEAD instead.
   */
  read?: (path: string) => Promise<Uint8Array | undefined>;
}

/** Reads the files, plans, and prints every diagnostic (warnings too) to stderr. Shared with `stage`. */
export async function loadAndPlan(io: Io, files: PlanFiles, rolloutId?: string): Promise<PreparedPlan> {
  const printAll = (ds: readonly Diagnostic[]) => {
    for (const d of ds) io.stderr(`${formatDiagnostic(d)}\n`);
  };
  const failed = (diagnostics: Diagnostic[]): PreparedPlan => {
    printAll(diagnostics);
    return { ok: false, diagnostics, warnings: [] };
  };
  const read = files.read ?? ((path: string) => readFile(resolve(io.cwd, path)).catch(() => undefined));
  let config: RepositoryConfig = {};
  if (files.config !== undefined) {
    const bytes = await read(files.config);
    if (bytes === undefined) return failed([unreadable(files.config)]);
    const parsed = parseRepositoryConfig(new TextDecoder().decode(bytes), files.config);
    if (!parsed.ok) return failed(parsed.diagnostics);
    config = parsed.config;
  }
  const request = await readFile(resolve(io.cwd, files.request), "utf8").catch(() => undefined);
  if (request === undefined) return failed([unreadable(files.request)]);
  const manifest = await read(files.manifest);
  if (manifest === undefined) return failed([unreadable(files.manifest)]);
  const poolPath = files.pool ?? config.poolPath;
  const pool = poolPath === undefined ? undefined : await read(poolPath);
  const prepared = preparePlan({
    request: { file: files.request, text: request },
    manifest: { file: files.manifest, text: manifest },
    repositoryConfig: config,
    manifestPath: files.manifestPath ?? config.manifestPath ?? files.manifest,
    ...(poolPath === undefined ? {} : { poolPath }),
    ...(pool === undefined || poolPath === undefined ? {} : { pool: { file: poolPath, text: pool } }),
    ...(rolloutId === undefined ? {} : { rolloutId }),
  });
  printAll(prepared.warnings);
  if (!prepared.ok) printAll(prepared.diagnostics);
  return prepared;
}

function unreadable(file: string): Diagnostic {
  return {
    severity: "error",
    code: "unreadable",
    file,
    line: 1,
    col: 1,
    message: "cannot read the file",
    hint: "check the path",
  };
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: false,
    strict: true,
    options: {
      help: { type: "boolean", short: "h" },
      manifest: { type: "string" },
      request: { type: "string" },
      config: { type: "string" },
      pool: { type: "string" },
      format: { type: "string" },
    },
  });
}
