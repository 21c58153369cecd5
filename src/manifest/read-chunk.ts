// Reads one document chunk: YAML safety checks, parse, schema validation, and the fields the bot uses with
// the offsets messages point at. The YAML Document is dropped afterwards so memory stays flat on big files.
import { type Document, isMap, isNode, isScalar, parseDocument, visit } from "yaml";
import { lineCol } from "./chunks.js";
import { diagnostic } from "./diagnostics.js";
import { checkDocumentShape, type Limits } from "./limits.js";
import type { Chunk, Diagnostic, Endpoint, InfraDoc, MachineDoc, Taint } from "./model.js";
import { CLUSTER_NAME_LABEL } from "./model.js";
import { isLegacy, legacyDiagnostic, tagOffset, yamlHint, yamlMessage } from "./read-messages.js";
import { schemaProblems, validateInfra, validateMachine, validateTaints } from "./schema.js";

export interface ChunkContext {
  file: string;
  /** 1-based line the chunk starts on. */
  startLine: number;
  taintAnnotation: string;
  limits: Limits;
}

export interface ReadResult {
  chunk: Chunk;
  diagnostics: Diagnostic[];
  /** Set when the document is in the legacy v1alpha1 format. */
  legacy?: boolean;
}

export const YAML_OPTIONS = {
  version: "1.2",
  schema: "core",
  uniqueKeys: true,
  strict: true,
  prettyErrors: false,
  merge: false,
} as const;

export function readChunk(text: string, lineBreaks: number, ctx: ChunkContext): ReadResult {
  const at = (offset: number) => ({ file: ctx.file, ...lineCol(text, offset, ctx.startLine) });
  const fail = (diagnostics: Diagnostic[]): ReadResult => ({
    chunk: { text, lineBreaks, kind: "empty" },
    diagnostics,
  });
  const shape = checkDocumentShape(text, ctx.limits);
  if (shape) return fail([diagnostic("error", shape.code, at(shape.offset), shape.message, shape.hint)]);

  return readDocument(parseDocument(text, YAML_OPTIONS), text, lineBreaks, ctx);
}

/** The checks and fields of readChunk after the parse, on `doc`, the document `text` parses to. */
export function readDocument(doc: Document, text: string, lineBreaks: number, ctx: ChunkContext): ReadResult {
  const at = (offset: number) => ({ file: ctx.file, ...lineCol(text, offset, ctx.startLine) });
  const fail = (diagnostics: Diagnostic[]): ReadResult => ({
    chunk: { text, lineBreaks, kind: "empty" },
    diagnostics,
  });
  // Unresolved tags are reported below with the tag's name, once.
  const warnings = doc.warnings.filter((w) => w.code !== "TAG_RESOLVE_FAILED");
  const yamlProblems = [...doc.errors, ...warnings].map((e) =>
    diagnostic(
      "error",
      `yaml-${e.code.toLowerCase().replace(/_/g, "-")}`,
      at(e.pos[0]),
      yamlMessage(e.code, e.message),
      yamlHint(e.code),
    ),
  );
  const tagProblems = customTags(doc).map((t) =>
    diagnostic(
      "error",
      "yaml-custom-tag",
      at(tagOffset(text, t.tag, t.offset)),
      `custom tag \`${t.tag}\` is not allowed in a Machines manifest`,
      "remove the tag; write the plain value",
    ),
  );
  if (yamlProblems.length + tagProblems.length > 0) return fail([...yamlProblems, ...tagProblems]);

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: ctx.limits.maxAliasCount });
  } catch (e) {
    return fail([
      diagnostic(
        "error",
        "yaml-alias-bomb",
        at(0),
        `aliases expand too much (${String((e as Error).message)})`,
        "write the values out instead of nesting aliases",
      ),
    ]);
  }
  if (value === null || value === undefined)
    return { chunk: { text, lineBreaks, kind: "empty" }, diagnostics: [] };
  return readObject(() => doc, value, text, lineBreaks, ctx, at);
}

/**
 * readChunk's checks and fields from `value`, the plain value `text` parses to (known without parsing it,
 * see template-cache.ts); the text is parsed only to point messages at their place.
 */
export function readValue(
  value: Record<string, unknown>,
  text: string,
  lineBreaks: number,
  ctx: ChunkContext,
): ReadResult {
  const at = (offset: number) => ({ file: ctx.file, ...lineCol(text, offset, ctx.startLine) });
  let parsed: Document | undefined;
  const doc = () => {
    parsed ??= parseDocument(text, YAML_OPTIONS);
    return parsed;
  };
  return readObject(doc, value, text, lineBreaks, ctx, at);
}

function readObject(
  doc: () => Document,
  value: unknown,
  text: string,
  lineBreaks: number,
  ctx: ChunkContext,
  at: (offset: number) => { file: string; line: number; col: number },
): ReadResult {
  const start = () => firstContentOffset(doc());
  const fail = (d: Diagnostic[], legacy?: boolean): ReadResult => ({
    chunk: { text, lineBreaks, kind: "empty" },
    diagnostics: d,
    ...(legacy ? { legacy } : {}),
  });
  if (typeof value !== "object" || Array.isArray(value)) {
    return fail([
      diagnostic(
        "error",
        "not-an-object",
        at(start()),
        "this document is not a Kubernetes object",
        "each document must be a Machine or an ExistingInfraMachine mapping",
      ),
    ]);
  }
  const obj = value as Record<string, unknown>;
  if (isLegacy(obj)) return fail([legacyDiagnostic(at(start()))], true);
  const pointTo = (path: (string | number)[]) => {
    for (let p = path; ; p = p.slice(0, -1)) {
      const node = doc().getIn(p, true);
      if (isNode(node) && node.range) return at(node.range[0]);
      if (p.length === 0) return at(start());
    }
  };
  if (obj.kind === "Machine" && obj.apiVersion === "cluster.x-k8s.io/v1alpha3") {
    if (!validateMachine(obj))
      return fail(
        schemaProblems(validateMachine.errors, obj).map((p) =>
          diagnostic("error", "schema", pointTo(p.path), `Machine: ${p.message}`, p.hint, p.field),
        ),
      );
    const annotations = obj.metadata.annotations ?? {};
    const taints = readTaints(annotations[ctx.taintAnnotation], ctx.taintAnnotation);
    if (typeof taints === "string") {
      return fail([
        diagnostic(
          "error",
          "taint-annotation",
          pointTo(["metadata", "annotations", ctx.taintAnnotation]),
          taints,
          `set it to a JSON list like '[{"key":"node-patch-bot.dev/patching","effect":"NoSchedule"}]', or remove it`,
        ),
      ]);
    }
    const labels = obj.metadata.labels ?? {};
    const machine: MachineDoc = {
      kind: "Machine",
      name: obj.metadata.name,
      labels,
      annotations,
      infraRefName: obj.spec.infrastructureRef.name,
      taints,
      ...optional("namespace", obj.metadata.namespace),
      ...optional("set", labels.set),
      ...optional("clusterName", obj.spec.clusterName),
      ...optional("clusterNameLabel", labels[CLUSTER_NAME_LABEL]),
      ...optional("version", obj.spec.version),
    };
    return { chunk: { text, lineBreaks, kind: "Machine", doc: machine }, diagnostics: [] };
  }
  if (obj.kind === "ExistingInfraMachine" && obj.apiVersion === "cluster.weave.works/v1alpha3") {
    if (!validateInfra(obj))
      return fail(
        schemaProblems(validateInfra.errors, obj).map((p) =>
          diagnostic(
            "error",
            "schema",
            pointTo(p.path),
            `ExistingInfraMachine: ${p.message}`,
            p.hint,
            p.field,
          ),
        ),
      );
    const infra: InfraDoc = {
      kind: "ExistingInfraMachine",
      name: obj.metadata.name,
      private: endpoint(obj.spec.private),
      ...optional("namespace", obj.metadata.namespace),
      ...(obj.spec.public ? { public: endpoint(obj.spec.public) } : {}),
    };
    return { chunk: { text, lineBreaks, kind: "ExistingInfraMachine", doc: infra }, diagnostics: [] };
  }
  return fail([
    diagnostic(
      "error",
      "kind",
      at(start()),
      `a Machines manifest holds only Machine (cluster.x-k8s.io/v1alpha3) and ExistingInfraMachine (cluster.weave.works/v1alpha3) documents, not ${String(obj.kind ?? "(no kind)")} (${String(obj.apiVersion ?? "no apiVersion")})`,
      "move this object to another file",
    ),
  ]);
}

function optional<K extends string, V>(key: K, v: V | undefined): { [P in K]?: V } {
  return (v === undefined ? {} : { [key]: v }) as { [P in K]?: V };
}

function endpoint(e: { address: string; port?: number }): Endpoint {
  return e.port === undefined ? { address: e.address } : { address: e.address, port: e.port };
}

function readTaints(raw: string | undefined, key: string): Taint[] | string {
  if (raw === undefined) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return `annotation \`${key}\` is not valid JSON`;
  }
  if (!validateTaints(parsed)) {
    const p = schemaProblems(validateTaints.errors, parsed)[0];
    return `annotation \`${key}\` is not a list of taints: ${p?.message ?? "invalid"}`;
  }
  return parsed.map((t) =>
    t.value === undefined
      ? { key: t.key, effect: t.effect }
      : { key: t.key, value: t.value, effect: t.effect },
  );
}

/**
 * The offset in `text` of the first of `paths` present in the document, else of its first key. Positions
 * are needed only for messages, so they are found again on demand rather than kept for every document.
 */
export function locate(text: string, paths: readonly (readonly string[])[]): number {
  const doc = parseDocument(text, YAML_OPTIONS);
  for (const path of paths) {
    const node = doc.getIn(path, true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return firstContentOffset(doc);
}

function firstContentOffset(doc: Document): number {
  const c = doc.contents;
  if (isMap(c) && c.items[0] && isNode(c.items[0].key) && c.items[0].key.range)
    return c.items[0].key.range[0];
  return isNode(c) && c.range ? c.range[0] : 0;
}

function customTags(doc: Document): { tag: string; offset: number }[] {
  const found: { tag: string; offset: number }[] = [];
  visit(doc, (_key, node) => {
    if (isNode(node) && node.tag && !node.tag.startsWith("tag:yaml.org,2002:")) {
      found.push({ tag: node.tag, offset: node.range?.[0] ?? 0 });
    }
    if (isScalar(node) && node.tag === "tag:yaml.org,2002:binary")
      found.push({ tag: "!!binary", offset: node.range?.[0] ?? 0 });
  });
  return found;
}
