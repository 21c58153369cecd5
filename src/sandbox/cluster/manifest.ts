// The simulated controller's input as the real one gets it: the Machines manifest as committed. An invalid
// manifest changes nothing (the real controller would not apply it either) and says why.
import { type Diagnostic, type Manifest, parseManifest } from "../../manifest/index.js";
import type { DesiredMachine } from "./controller.js";

export type ManifestReading =
  | { ok: true; manifest: Manifest; machines: DesiredMachine[] }
  | { ok: false; diagnostics: Diagnostic[] };

export interface ManifestTextOptions {
  /** Path shown in diagnostics; default `machines.yaml`. */
  file?: string;
  taintAnnotation?: string;
}

export function desiredMachines(text: string, options: ManifestTextOptions = {}): ManifestReading {
  const parsed = parseManifest(text, {
    file: options.file ?? "machines.yaml",
    ...(options.taintAnnotation === undefined ? {} : { taintAnnotation: options.taintAnnotation }),
  });
  if (!parsed.ok) return { ok: false, diagnostics: parsed.diagnostics };
  const machines = parsed.manifest.machines.map(
    (m): DesiredMachine => ({
      name: m.name,
      role: m.role,
      privateAddress: m.private.address,
      ...(m.version === undefined ? {} : { version: m.version }),
    }),
  );
  return { ok: true, manifest: parsed.manifest, machines };
}
