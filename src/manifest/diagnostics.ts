// Diagnostics carry what is wrong, where, and how to fix it. Formatting follows the compiler convention
// `file:line:col: severity: message` so editors and CI annotate the right line.
import type { Diagnostic, Severity } from "./model.js";

export interface Where {
  file: string;
  line: number;
  col: number;
}

export function diagnostic(
  severity: Severity,
  code: string,
  where: Where,
  message: string,
  hint: string,
  path?: string,
): Diagnostic {
  const d: Diagnostic = { severity, code, file: where.file, line: where.line, col: where.col, message, hint };
  if (path !== undefined) d.path = path;
  return d;
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.col}: ${d.severity}: ${d.message}\n  fix: ${d.hint}`;
}

/** Errors first, then by position, so the first line printed is the first thing to fix. */
export function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  const rank = (d: Diagnostic) => (d.severity === "error" ? 0 : 1);
  return [...ds].sort(
    (a, b) => rank(a) - rank(b) || a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col,
  );
}

export function hasErrors(ds: readonly Diagnostic[]): boolean {
  return ds.some((d) => d.severity === "error");
}
