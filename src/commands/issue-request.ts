// A patch request from an issue body: the rendered issue form, or else the first fenced ```yaml block.
// Either way the result is checked against schemas/patch-request.schema.json before anyone plans with it.
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import patchRequestSchema from "../../schemas/patch-request.schema.json" with { type: "json" };
import type { PatchRequest } from "../generated/patch-request.js";
import { isRenderedIssueForm, requestFromRenderedForm } from "./issue-form.js";
import { formatYamlProblem, MAX_BODY_CHARS, parseStrictYaml } from "./strict-yaml.js";

export type IssueRequestSource = "form" | "yaml" | "none";

export type IssueRequestResult =
  | {
      ok: true;
      request: PatchRequest;
      source: "form" | "yaml";
      /** For a ```yaml block: its text and the body line it starts on, so later problems point into the issue. */
      block?: { text: string; firstLine: number };
    }
  /** `errors` are complete sentences, ready to list in a reply. */
  | { ok: false; source: IssueRequestSource; errors: string[] };

/** The first fenced block whose info string is yaml or yml: its text and the body line it starts on. */
export function firstYamlBlock(
  body: string,
): { text: string; firstLine: number } | { unclosedAt: number } | undefined {
  const lines = body.replace(/\r\n?/g, "\n").split("\n");
  for (let i = 0; i < lines.length; i += 1) {
    const open = /^ {0,3}(`{3,}|~{3,})[ \t]*(ya?ml)\b/i.exec(lines[i] ?? "");
    if (open?.[1] === undefined) continue;
    const fence = open[1];
    for (let j = i + 1; j < lines.length; j += 1) {
      const close = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(lines[j] ?? "")?.[1];
      if (close !== undefined && close[0] === fence[0] && close.length >= fence.length) {
        return { text: lines.slice(i + 1, j).join("\n"), firstLine: i + 2 };
      }
    }
    return { unclosedAt: i + 1 };
  }
  return undefined;
}

function describeSchemaError(e: ErrorObject): string {
  const path =
    e.instancePath === ""
      ? "the request"
      : e.instancePath
          .slice(1)
          .replace(/\/(\d+)(?=\/|$)/g, "[$1]")
          .replace(/\//g, ".");
  switch (e.keyword) {
    case "additionalProperties":
      return `${path}: unknown field "${String(e.params.additionalProperty)}"`;
    case "required":
      return `${path}: missing field "${String(e.params.missingProperty)}"`;
    case "enum":
      return `${path}: must be one of ${Array.isArray(e.params.allowedValues) ? e.params.allowedValues.join(", ") : "the allowed values"}`;
    case "pattern": {
      // The schema's definitions describe their patterns in words ("a Kubernetes object name: …").
      const described = e.parentSchema?.description;
      return typeof described === "string"
        ? `${path}: ${JSON.stringify(e.data)} is not ${described}`
        : `${path}: ${JSON.stringify(e.data)} ${e.message ?? "has the wrong form"}`;
    }
    case "anyOf":
      return `${path}: must be a whole number or a percentage such as "25%"`;
    default:
      return `${path}: ${e.message ?? e.keyword}`;
  }
}

export type PatchRequestCheck = { ok: true; request: PatchRequest } | { ok: false; errors: string[] };

/** A validator for the patch request schema (compiling takes tens of milliseconds: reuse it in loops). */
export function createPatchRequestChecker(): (candidate: unknown) => PatchRequestCheck {
  const validate = new Ajv({ allErrors: true, verbose: true }).compile<PatchRequest>(patchRequestSchema);
  return (candidate) => check(validate, candidate);
}

/** Validates a candidate against the patch request schema; returns the request or readable errors. */
export function checkPatchRequest(candidate: unknown): PatchRequestCheck {
  return createPatchRequestChecker()(candidate);
}

function check(validate: ValidateFunction<PatchRequest>, candidate: unknown): PatchRequestCheck {
  if (validate(candidate)) return { ok: true, request: candidate };
  const errors = validate.errors ?? [];
  // anyOf branches repeat the anyOf's own message less clearly.
  const anyOf = new Set(errors.filter((e) => e.keyword === "anyOf").map((e) => e.instancePath));
  const messages = errors
    .filter((e) => e.keyword === "anyOf" || !anyOf.has(e.instancePath))
    .map(describeSchemaError);
  return { ok: false, errors: [...new Set(messages)] };
}

/**
 * Parses an issue body into a patch request (see the file comment). Pass a checker made once by
 * createPatchRequestChecker() where many bodies are parsed.
 */
export function parseIssueRequest(
  body: string,
  check: (candidate: unknown) => PatchRequestCheck = checkPatchRequest,
): IssueRequestResult {
  if (body.length > MAX_BODY_CHARS) {
    return {
      ok: false,
      source: "none",
      errors: [`the issue body is ${body.length} characters long; at most ${MAX_BODY_CHARS} are accepted`],
    };
  }
  if (isRenderedIssueForm(body)) {
    const { request, errors } = requestFromRenderedForm(body);
    if (errors.length > 0) return { ok: false, source: "form", errors };
    const checked = check(request);
    return checked.ok
      ? { ok: true, request: checked.request, source: "form" }
      : { ok: false, source: "form", errors: checked.errors };
  }
  const block = firstYamlBlock(body);
  if (block === undefined) {
    return {
      ok: false,
      source: "none",
      errors: [
        "no patch request found: use the node-patch issue form, or put the request in a ```yaml block",
      ],
    };
  }
  if ("unclosedAt" in block) {
    return {
      ok: false,
      source: "yaml",
      errors: [`the \`\`\`yaml block opened on line ${block.unclosedAt} is never closed`],
    };
  }
  const parsed = parseStrictYaml(block.text);
  if (!parsed.ok) {
    return {
      ok: false,
      source: "yaml",
      errors: parsed.problems.map((p) => formatYamlProblem(p, block.firstLine - 1)),
    };
  }
  if (typeof parsed.value !== "object" || parsed.value === null || Array.isArray(parsed.value)) {
    return {
      ok: false,
      source: "yaml",
      errors: [
        `the \`\`\`yaml block on line ${block.firstLine - 1} must be a mapping with strategy, machines, target, …`,
      ],
    };
  }
  const checked = check(parsed.value);
  return checked.ok
    ? { ok: true, request: checked.request, source: "yaml", block }
    : { ok: false, source: "yaml", errors: checked.errors };
}
