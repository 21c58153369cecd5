// Validates what the stand-in serves against GitHub's own published descriptions: REST responses against
// @octokit/openapi (the operation's documented schema for the status) and webhook payloads against
// @octokit/openapi-webhooks (the schema for the event and action).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import type { RecordedExchange, WebhookDelivery } from "../../../src/sandbox/github/index.js";

const require = createRequire(import.meta.url);
const addFormats = addFormatsModule.default ?? addFormatsModule;

type Json = Record<string, unknown>;

function isJson(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function at(value: unknown, ...keys: string[]): unknown {
  let current = value;
  for (const key of keys) current = isJson(current) ? current[key] : undefined;
  return current;
}

function pointer(...keys: string[]): string {
  return keys.map((k) => k.replace(/~/g, "~0").replace(/\//g, "~1")).join("/");
}

/**
 * Reads GitHub's OpenAPI 3.0 description as JSON Schema:
 * - `nullable: true` becomes `anyOf [null, schema]` (Ajv's own `nullable` needs a sibling `type` and ignores
 *   `enum`, and the description has both cases, e.g. a check run's `conclusion`);
 * - `oneOf` becomes `anyOf`: the description uses it for alternatives that overlap (a 409 from the contents API
 *   is `oneOf [basic-error, repository-rule-violation-error]`, and every basic error matches both), so "exactly
 *   one" would reject GitHub's own answers.
 */
function fromOpenApi30(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(fromOpenApi30);
  if (!isJson(node)) return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key !== "nullable") out[key === "oneOf" ? "anyOf" : key] = fromOpenApi30(value);
  }
  return node.nullable === true ? { anyOf: [{ type: "null" }, out] } : out;
}

function createAjv(): Ajv {
  const ajv = new Ajv({ strict: false, validateSchema: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat("repo.nwo", true);
  ajv.addFormat("timestamp", true);
  return ajv;
}

export interface ContractIssue {
  what: string;
  errors: string;
}

export interface RestContract {
  /** Returns a description of the mismatch, or null when the exchange matches GitHub's description. */
  check(exchange: RecordedExchange): ContractIssue | null;
}

/**
 * Where GitHub's description is known to be stricter than GitHub itself, each with the upstream report. The
 * stand-in answers as GitHub does; only these exact places are relaxed, and the contract tests prove it.
 */
const KNOWN_INACCURACIES: { pointer: string[]; report: string }[] = [
  {
    // A label created by adding it to an issue has a null description; GET /pulls lists it as such.
    pointer: [
      "components",
      "schemas",
      "pull-request-simple",
      "properties",
      "labels",
      "items",
      "properties",
      "description",
    ],
    report: "https://github.com/github/rest-api-description/issues/1812",
  },
];

function relaxKnownInaccuracies(spec: Json): void {
  for (const { pointer: keys } of KNOWN_INACCURACIES) {
    const parent = at(spec, ...keys.slice(0, -1));
    const key = keys[keys.length - 1] ?? "";
    const schema = isJson(parent) ? parent[key] : undefined;
    if (!isJson(parent) || !isJson(schema) || "anyOf" in schema)
      throw new Error(`known inaccuracy ${keys.join("/")} is no longer in the description: drop it`);
    parent[key] = { anyOf: [{ type: "null" }, schema] };
  }
}

export function loadRestContract(): RestContract {
  const path = require.resolve("@octokit/openapi/generated/api.github.com.json");
  const spec = fromOpenApi30(JSON.parse(readFileSync(path, "utf8")));
  if (!isJson(spec)) throw new Error(`${path} is not a JSON object`);
  relaxKnownInaccuracies(spec);
  const ajv = createAjv();
  ajv.addSchema(spec, "rest");
  const cache = new Map<string, ValidateFunction>();

  function validatorFor(ref: string): ValidateFunction {
    let validate = cache.get(ref);
    if (validate === undefined) {
      validate = ajv.compile({ $ref: ref });
      cache.set(ref, validate);
    }
    return validate;
  }

  return {
    check(exchange) {
      const what = `${exchange.method} ${exchange.template ?? exchange.path} -> ${exchange.status}`;
      if (exchange.template === null) return { what, errors: "no documented operation matches this path" };
      const method = exchange.method.toLowerCase();
      const responses = at(spec, "paths", exchange.template, method, "responses");
      if (!isJson(responses)) return { what, errors: "operation not in GitHub's REST description" };
      let response = responses[String(exchange.status)];
      let base = ["paths", exchange.template, method, "responses", String(exchange.status)];
      const ref = at(response, "$ref");
      if (typeof ref === "string") {
        base = ref.slice(2).split("/");
        response = at(spec, ...base);
      }
      let schemaRef: string;
      if (response === undefined && exchange.status === 304 && exchange.method === "GET") {
        // A conditional GET (If-None-Match) of anything GitHub tagged may be answered 304 Not Modified, without
        // a body ("conditional requests" in GitHub's REST guide); the description lists 304 for a few only.
        return exchange.body === undefined ? null : { what, errors: "304 with a body" };
      }
      if (response === undefined) {
        // GitHub answers errors its description does not list for every operation; they still have its shape.
        if (exchange.status < 400) return { what, errors: "status not documented for this operation" };
        schemaRef = `rest#/components/schemas/${exchange.status === 422 ? "validation-error" : "basic-error"}`;
      } else if (exchange.raw) {
        // Raw media types carry the file's bytes; the description documents only the JSON form.
        return exchange.status === 200 ? null : { what, errors: "raw answer with an error status" };
      } else if (at(response, "content", "application/json", "schema") === undefined) {
        return exchange.body === undefined
          ? null
          : { what, errors: "documented without a body, but one was sent" };
      } else {
        schemaRef = `rest#/${pointer(...base, "content", "application/json", "schema")}`;
      }
      const validate = validatorFor(schemaRef);
      if (validate(exchange.body)) return null;
      return { what, errors: ajv.errorsText(validate.errors, { separator: "\n" }) };
    },
  };
}

export interface WebhookContract {
  check(delivery: Pick<WebhookDelivery, "event" | "action" | "payload">): ContractIssue | null;
}

export function loadWebhookContract(): WebhookContract {
  const path = require.resolve("@octokit/openapi-webhooks/generated/api.github.com.json");
  const spec: unknown = JSON.parse(readFileSync(path, "utf8"));
  if (!isJson(spec)) throw new Error(`${path} is not a JSON object`);
  const ajv = createAjv();
  ajv.addSchema(spec, "hooks");
  const cache = new Map<string, ValidateFunction>();
  return {
    check(delivery) {
      const key = [delivery.event, delivery.action]
        .filter((x) => x !== null)
        .join("-")
        .replace(/_/g, "-");
      const what = `webhook ${delivery.event}.${delivery.action ?? ""}`;
      const schema = at(
        spec,
        "webhooks",
        key,
        "post",
        "requestBody",
        "content",
        "application/json",
        "schema",
      );
      if (schema === undefined) return { what, errors: `no webhook schema "${key}"` };
      let validate = cache.get(key);
      if (validate === undefined) {
        const ref = `hooks#/${pointer("webhooks", key, "post", "requestBody", "content", "application/json", "schema")}`;
        validate = ajv.compile({ $ref: ref });
        cache.set(key, validate);
      }
      if (validate(delivery.payload)) return null;
      return { what, errors: ajv.errorsText(validate.errors, { separator: "\n" }) };
    },
  };
}

/** The distinct mismatches of a run, one line each (`what: errors`), so a stand-in bug reads as one finding. */
export function restMismatches(contract: RestContract, exchanges: readonly RecordedExchange[]): string[] {
  return distinct(exchanges.map((e) => contract.check(e)));
}

export function webhookMismatches(
  contract: WebhookContract,
  deliveries: readonly WebhookDelivery[],
): string[] {
  return distinct(deliveries.map((d) => contract.check(d)));
}

function distinct(issues: (ContractIssue | null)[]): string[] {
  const lines = issues.flatMap((m) => (m === null ? [] : [`${m.what}: ${m.errors}`]));
  return [...new Set(lines)].sort();
}
