// Why a request cannot be planned. A refusal names the request field (`path`) or the machine it is about,
// so the CLI can point at `file:line:col` and the App can quote it in its reply.
import type { PathSegment } from "./yaml-input.js";

export interface Refusal {
  /** Stable identifier, e.g. `kubernetes-package`. */
  code: string;
  message: string;
  hint: string;
  /** Where in the request, e.g. `["replacements", 2, "privateAddress"]`. */
  path?: PathSegment[];
  /** The manifest machine it is about. */
  machine?: string;
}

export function refusal(
  code: string,
  message: string,
  hint: string,
  at: { path?: PathSegment[]; machine?: string } = {},
): Refusal {
  const r: Refusal = { code, message, hint };
  if (at.path !== undefined) r.path = at.path;
  if (at.machine !== undefined) r.machine = at.machine;
  return r;
}
