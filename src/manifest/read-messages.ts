// The messages of the chunk reader: the YAML parser's problems in the bot's words, and the legacy format.
import { diagnostic } from "./diagnostics.js";
import type { Diagnostic } from "./model.js";

export function isLegacy(obj: Record<string, unknown>): boolean {
  if (obj.kind === "List" || (obj.kind === undefined && Array.isArray(obj.items))) return true;
  return typeof obj.apiVersion === "string" && obj.apiVersion.startsWith("cluster.k8s.io/");
}

export function legacyDiagnostic(where: { file: string; line: number; col: number }): Diagnostic {
  return diagnostic(
    "error",
    "legacy-format",
    where,
    "this is the legacy Machines format (cluster.k8s.io/v1alpha1 Machines with spec.providerSpec in a List or `items:`); node-patch-bot reads only the current cluster.x-k8s.io/v1alpha3 Machine + ExistingInfraMachine format",
    "convert the file first (wksctl converted its examples with crdconv): each Machine becomes a cluster.x-k8s.io/v1alpha3 Machine whose spec.infrastructureRef names an ExistingInfraMachine (cluster.weave.works/v1alpha3) holding spec.private and spec.public; node-patch-bot left the file unchanged",
  );
}

/** The node's range starts at its value; point at the tag written before it on the same line. */
export function tagOffset(text: string, tag: string, offset: number): number {
  const i = text.lastIndexOf(tag, offset);
  return i !== -1 && !text.slice(i, offset).includes("\n") ? i : offset;
}

export function yamlMessage(code: string, message: string): string {
  const first = message.split("\n")[0] ?? message;
  if (code === "DUPLICATE_KEY") return `duplicate key: ${first}`;
  if (code === "TAG_RESOLVE_FAILED") return `custom tag not allowed: ${first}`;
  return `YAML syntax error: ${first}`;
}

export function yamlHint(code: string): string {
  switch (code) {
    case "DUPLICATE_KEY":
      return "keep one of the entries with this key and delete the other";
    case "TAG_RESOLVE_FAILED":
      return "remove the tag; write the plain value";
    case "MULTIPLE_DOCS":
      return "separate documents with a `---` line";
    default:
      return "correct the YAML at this position (check indentation, quotes and colons)";
  }
}
