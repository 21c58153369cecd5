// Reading a patch request: YAML or JSON text in, a validated `PatchRequest` or located diagnostics out.
import type { PatchRequest } from "../generated/patch-request.js";
import type { Diagnostic } from "../manifest/model.js";
import { compileRequestValidator } from "./schemas.js";
import { readYamlInput, schemaDiagnostics, type YamlInput } from "./yaml-input.js";

export type RequestResult =
  | { ok: true; request: PatchRequest; input: YamlInput }
  | { ok: false; diagnostics: Diagnostic[] };

export function parsePatchRequest(text: string, file: string): RequestResult {
  const read = readYamlInput(text, file);
  if (!read.ok) return read;
  return validatePatchRequest(read.input);
}

export function validatePatchRequest(input: YamlInput): RequestResult {
  const validate = compileRequestValidator();
  if (input.value === null || typeof input.value !== "object" || Array.isArray(input.value)) {
    return {
      ok: false,
      diagnostics: [
        {
          severity: "error",
          code: "invalid-request",
          file: input.file,
          ...input.locate([]),
          message: "a patch request must be a mapping with at least `strategy`",
          hint: "e.g. `strategy: replace` and `machines: {role: worker}`",
        },
      ],
    };
  }
  if (validate(input.value)) return { ok: true, request: input.value, input };
  return {
    ok: false,
    diagnostics: schemaDiagnostics(validate.errors ?? [], input, "the request", "invalid-request"),
  };
}
