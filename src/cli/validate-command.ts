// `node-patch-bot validate FILE…`: exit 0 when every file is valid, 1 with `file:line:col` messages, 2 on usage.
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { formatDiagnostic, parseManifest } from "../manifest/index.js";
import { type CliIo, parseCommandArgs } from "./io.js";

export const VALIDATE_USAGE = `usage: node-patch-bot validate [--taint-annotation KEY] [--kubernetes-versions RANGE] FILE...
Checks Machines manifests (WKP setup/machines.yaml, wksctl machines.yaml).
Exit codes: 0 valid (warnings may be printed), 1 invalid, 2 usage.
`;

export async function runValidateCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(io, VALIDATE_USAGE, () => parse(args));
  if (typeof parsed === "number") return parsed;
  if (parsed.positionals.length === 0) {
    io.stderr(`no manifest given\n${VALIDATE_USAGE}`);
    return 2;
  }
  let invalid = false;
  for (const file of parsed.positionals) {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(resolve(io.cwd, file));
    } catch (e) {
      io.stderr(
        `${file}:1:1: error: cannot read the file (${(e as NodeJS.ErrnoException).code ?? String(e)})\n`,
      );
      invalid = true;
      continue;
    }
    const result = parseManifest(bytes, {
      file,
      ...(parsed.values["taint-annotation"] ? { taintAnnotation: parsed.values["taint-annotation"] } : {}),
      ...(parsed.values["kubernetes-versions"]
        ? { kubernetesVersions: parsed.values["kubernetes-versions"] }
        : {}),
    });
    const diagnostics = result.ok ? result.warnings : result.diagnostics;
    for (const d of diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
    if (result.ok) {
      const m = result.manifest;
      const masters = m.machines.filter((p) => p.role === "control-plane").length;
      io.stdout(
        `${file}: valid, ${m.machines.length} machines (${masters} control plane, ${m.machines.length - masters} workers)\n`,
      );
    } else invalid = true;
  }
  return invalid ? 1 : 0;
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      help: { type: "boolean", short: "h" },
      "taint-annotation": { type: "string" },
      "kubernetes-versions": { type: "string" },
    },
  });
}
