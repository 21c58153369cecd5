// Schema validation of single documents and of the bot's taint annotation, with ajv errors turned into
// messages a person can act on. The compiled validators are immutable constants.
import { Ajv, type ErrorObject } from "ajv";
import machinesSchema from "../../schemas/machines.schema.json" with { type: "json" };
import taintsSchema from "../../schemas/taints.schema.json" with { type: "json" };
import type { ExistingInfraMachine, Machine } from "../generated/machines.js";
import type { TaintList } from "../generated/taints.js";

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
ajv.addSchema(machinesSchema);
ajv.addSchema(taintsSchema);

export const validateMachine = ajv.compile<Machine>({ $ref: `${machinesSchema.$id}#/definitions/Machine` });
export const validateInfra = ajv.compile<ExistingInfraMachine>({
  $ref: `${machinesSchema.$id}#/definitions/ExistingInfraMachine`,
});
export const validateTaints = ajv.compile<TaintList>({ $ref: taintsSchema.$id });

export interface SchemaProblem {
  /** Path of the node to point at (the parent for a missing property). */
  path: (string | number)[];
  /** Dotted field path for messages and upstream-style paths. */
  field: string;
  message: string;
  hint: string;
}

function toPath(instancePath: string): (string | number)[] {
  if (instancePath === "") return [];
  return instancePath
    .slice(1)
    .split("/")
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

const NAME_HINT = "use lowercase letters, digits, '-' and '.', starting and ending with a letter or digit";

/** Turns ajv errors into problems, keeping one per field (the most specific). */
export function schemaProblems(
  errors: readonly ErrorObject[] | null | undefined,
  value: unknown,
): SchemaProblem[] {
  const byField = new Map<string, SchemaProblem>();
  for (const e of errors ?? []) {
    const path = toPath(e.instancePath);
    const params = e.params as Record<string, unknown>;
    const missing = typeof params.missingProperty === "string" ? params.missingProperty : undefined;
    const fieldPath = missing === undefined ? path : [...path, missing];
    const field = fieldPath.join(".") || "(document)";
    if (byField.has(field)) continue;
    const actual = valueAt(value, path);
    byField.set(field, { path, field, ...describe(e, field, missing, actual, path) });
  }
  return [...byField.values()];
}

function describe(
  e: ErrorObject,
  field: string,
  missing: string | undefined,
  actual: unknown,
  path: (string | number)[],
): { message: string; hint: string } {
  const params = e.params as Record<string, unknown>;
  const parent = path.join(".") || "the document's top level";
  switch (e.keyword) {
    case "required":
      return { message: `\`${field}\` is missing`, hint: `add \`${missing}:\` under ${wrap(parent)}` };
    case "type":
      return typeof actual === "number" && params.type === "string"
        ? {
            message: `\`${field}\` must be a string, but YAML reads ${actual} as a number`,
            hint: `quote the value, e.g. "${actual}"`,
          }
        : {
            message: `\`${field}\` must be ${article(String(params.type))}`,
            hint: `write ${wrap(field)} as ${article(String(params.type))}`,
          };
    case "const":
      return {
        message: `\`${field}\` is ${JSON.stringify(actual)}, but must be ${JSON.stringify(params.allowedValue)}`,
        hint: `set it to ${JSON.stringify(params.allowedValue)}`,
      };
    case "enum":
      return {
        message: `\`${field}\` is ${JSON.stringify(actual)}, but must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`,
        hint: "use one of the allowed values",
      };
    case "pattern":
    case "maxLength":
      return field.endsWith("name")
        ? {
            message: `\`${field}\` ${JSON.stringify(actual)} is not a valid Kubernetes name`,
            hint: NAME_HINT,
          }
        : {
            message: `\`${field}\` ${JSON.stringify(actual)} ${e.message ?? "is invalid"}`,
            hint: "correct the value",
          };
    case "minimum":
    case "maximum":
      return {
        message: `\`${field}\` is ${String(actual)}, but ${e.message ?? "is out of range"}`,
        hint: "use a port between 1 and 65535",
      };
    case "additionalProperties":
      return {
        message: `\`${field}\` has an unknown field \`${String(params.additionalProperty)}\``,
        hint: "remove it",
      };
    default:
      return { message: `\`${field}\` ${e.message ?? "is invalid"}`, hint: "correct the value" };
  }
}

function wrap(s: string): string {
  return s.startsWith("the ") ? s : `\`${s}\``;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function valueAt(value: unknown, path: (string | number)[]): unknown {
  let v = value;
  for (const p of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v;
}
