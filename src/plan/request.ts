// Reading a patch request: YAML or JSON text in, a validated `PatchRequest` or located diagnostics out.
import type { ValidateFunction } from "ajv";
import type { PatchRequest } from "../generated/patch-request.js";
import type { Diagnostic } from "../manifest/model.js";
import { compileRequestValidator } from "./schemas.js";
import { readYamlInput, schemaDiagnostics, type YamlInput } from "./yaml-input.js";

export type RequestResult =
  | { ok: true; request: PatchRequest; input: YamlInput }
  | { ok: false; diagnostics: Diagnostic[] };

/** `validate`: the compiled schema, where requests are read often (compiling costs tens of milliseconds). */
export function parsePatchRequest(
  text: string,
  file: string,
  validate?: ValidateFunction<PatchRequest>,
): RequestResult {
  const read = readYamlInput(text, file);
  if (!read.ok) return read;
  return validatePatchRequest(read.input, validate);
}

export function validatePatchRequest(
  input: YamlInput,
  validate: ValidateFunction<PatchRequest> = compileRequestValidator(),
): RequestResult {
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
