// The JSON Schemas are the one source of truth for the shapes that cross the planner's boundary. Validators
// are compiled per call site (no module-level instance): compiling takes milliseconds, and callers that
// validate often keep the returned function.
import { Ajv, type ValidateFunction } from "ajv";
import configSchema from "../../schemas/config.schema.json" with { type: "json" };
import requestSchema from "../../schemas/patch-request.schema.json" with { type: "json" };
import planSchema from "../../schemas/plan.schema.json" with { type: "json" };
import readinessSchema from "../../schemas/readiness.schema.json" with { type: "json" };
import schedulesSchema from "../../schemas/schedules.schema.json" with { type: "json" };
import windowsSchema from "../../schemas/windows.schema.json" with { type: "json" };
import type { RepositoryConfig } from "../generated/config.js";
import type { PatchRequest } from "../generated/patch-request.js";
import type { Plan } from "../generated/plan.js";

function createAjv(): Ajv {
  // verbose: the error formatter reads each failing schema's `description` to explain what is expected.
  return new Ajv({ allErrors: true, strict: true, verbose: true, allowUnionTypes: true });
}

export function compileRequestValidator(): ValidateFunction<PatchRequest> {
  return createAjv().compile<PatchRequest>(requestSchema);
}

export function compileConfigValidator(): ValidateFunction<RepositoryConfig> {
  const ajv = createAjv();
  ajv.addSchema(requestSchema);
  ajv.addSchema(windowsSchema);
  ajv.addSchema(readinessSchema);
  ajv.addSchema(schedulesSchema);
  return ajv.compile<RepositoryConfig>(configSchema);
}

export function compilePlanValidator(): ValidateFunction<Plan> {
  return createAjv().compile<Plan>(planSchema);
}

/** The `default` of a top-level property of the config schema, so defaults live in the schema only. */
export function configDefault(property: keyof typeof configSchema.properties): unknown {
  const schema: object = configSchema.properties[property];
  return "default" in schema ? schema.default : undefined;
}
