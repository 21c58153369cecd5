// Data enters the planner as YAML or JSON written by people (a request file, an issue body, the repository
// config). Schema errors are only useful with the place they point at, so the parsed document is kept to map
// an ajv error's instance path back to `file:line:col`.
import type { ErrorObject } from "ajv";
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import type { Diagnostic } from "../manifest/model.js";

export type PathSegment = string | number;

export interface YamlInput {
  readonly file: string;
  readonly value: unknown;
  /** Resolves a path inside the value to a 1-based position (the key for a property, else the value). */
  locate(path: readonly PathSegment[], atKey?: boolean): { line: number; col: number };
}

export type YamlInputResult = { ok: true; input: YamlInput } | { ok: false; diagnostics: Diagnostic[] };

export function readYamlInput(text: string, file: string): YamlInputResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, col: pos.col };
  };
  if (doc.errors.length > 0) {
    return {
      ok: false,
      diagnostics: doc.errors.map((e) => ({
        severity: "error",
        code: "yaml-syntax",
        file,
        ...at(e.pos[0]),
        message: e.message.split("\n")[0] ?? e.message,
        hint: "fix the YAML (or JSON) syntax at this position",
      })),
    };
  }
  const locate = (path: readonly PathSegment[], atKey = false) => {
    let node: unknown = doc.contents;
    let keyNode: unknown;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
        if (!pair) break;
        keyNode = pair.key;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === "number" && segment < node.items.length) {
        keyNode = undefined;
        node = node.items[segment];
      } else break;
    }
    const target = (atKey && keyNode ? keyNode : node) as Node | undefined;
    return at(target?.range?.[0] ?? 0);
  };
  return { ok: true, input: { file, value: doc.toJS(), locate } };
}

/** Splits an ajv instance path (`/replacements/0/name`) into segments. */
export function instancePathSegments(instancePath: string): PathSegment[] {
  if (instancePath === "") return [];
  return instancePath
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** A readable field path: `replacements[0].name`. */
export function displayPath(path: readonly PathSegment[]): string {
  return (
    path.map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`)).join("") || "(top level)"
  );
}

/**
 * Turns ajv errors into one diagnostic per problem. `anyOf` alternatives are folded into the union's own
 * description ("must be a non-negative integer or a percentage"), which says more than each branch's failure.
 */
export function schemaDiagnostics(
  errors: readonly ErrorObject[],
  input: YamlInput,
  what: string,
  code: string,
): Diagnostic[] {
  const unions = new Set(errors.filter((e) => e.keyword === "anyOf").map((e) => e.instancePath));
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const e of errors) {
    if (e.keyword !== "anyOf" && unions.has(e.instancePath)) continue;
    const path = instancePathSegments(e.instancePath);
    const { message, hint, at } = describe(e, path, what);
    const key = `${displayPath(at)}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const atKey = e.keyword === "additionalProperties";
    out.push({
      severity: "error",
      code,
      file: input.file,
      ...input.locate(at, atKey),
      message,
      hint,
      path: displayPath(at),
    });
  }
  return out.sort((a, b) => a.line - b.line || a.col - b.col);
}

function describe(
  e: ErrorObject,
  path: PathSegment[],
  what: string,
): { message: string; hint: string; at: PathSegment[] } {
  const field = displayPath(path);
  const parent = e.parentSchema as
    | { description?: string; enum?: unknown[]; examples?: unknown[] }
    | undefined;
  const example =
    parent?.examples !== undefined && parent.examples.length > 0
      ? `for example ${parent.examples.map((x) => JSON.stringify(x)).join(" or ")}`
      : "see schemas/patch-request.schema.json and schemas/config.schema.json";
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "additionalProperties": {
      const extra = String(params.additionalProperty);
      const props = Object.keys(propertiesOf(e.parentSchema));
      return {
        message: `unknown field "${extra}" in ${path.length === 0 ? what : field}`,
        hint: props.length > 0 ? `known fields: ${props.join(", ")}` : "remove it",
        at: [...path, extra],
      };
    }
    case "required":
      return {
        message: `${path.length === 0 ? what : field} is missing "${String(params.missingProperty)}"`,
        hint: `add "${String(params.missingProperty)}"`,
        at: path,
      };
    case "enum":
      return {
        message: `${field} must be one of: ${(parent?.enum ?? (params.allowedValues as unknown[]) ?? []).map(String).join(", ")}`,
        hint: parent?.description ?? "use one of the listed values",
        at: path,
      };
    case "anyOf":
    case "pattern":
      return {
        message: `${field} must be ${parent?.description ?? `of the form ${String(params.pattern)}`}`,
        hint: example,
        at: path,
      };
    default:
      return {
        message: `${field} ${e.message ?? "is invalid"}`,
        hint: parent?.description ?? "see schemas/",
        at: path,
      };
  }
}

function propertiesOf(schema: unknown): Record<string, unknown> {
  if (schema && typeof schema === "object" && "properties" in schema) {
    const props = (schema as { properties?: unknown }).properties;
    if (props && typeof props === "object") return props as Record<string, unknown>;
  }
  return {};
}
