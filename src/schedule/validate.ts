// The boundary where a windows configuration enters: JSON Schema shape first, then what a schema cannot
// say (cron fields, IANA time zones, real dates, ranges that end after they start).
import { Ajv, type ErrorObject } from "ajv";
import windowsSchema from "../../schemas/windows.schema.json" with { type: "json" };
import type { WindowsConfig } from "../generated/windows.js";
import { type ConfigIssue, compileBlackouts, compileWindows, WindowsConfigError } from "./compile.js";
import { isValidTimeZone } from "./zoned-time.js";

function jsonPath(instancePath: string): string {
  if (instancePath === "") return "(root)";
  return instancePath
    .slice(1)
    .split("/")
    .map((part, i) => (/^\d+$/.test(part) ? `[${part}]` : i === 0 ? part : `.${part}`))
    .join("");
}

function describeAjvError(e: ErrorObject): ConfigIssue {
  const path = jsonPath(e.instancePath);
  if (e.keyword === "additionalProperties") {
    return { path, message: `unknown field "${String(e.params.additionalProperty)}"` };
  }
  if (e.keyword === "oneOf" && /^\/blackouts\/\d+$/.test(e.instancePath)) {
    return { path, message: 'must be a date "YYYY-MM-DD" or a range { from, to, timezone?, reason? }' };
  }
  if (e.keyword === "pattern" && path.endsWith(".duration")) {
    return { path, message: "must be days, hours and minutes in that order, e.g. 4h, 90m, 1h30m or 1d" };
  }
  return { path, message: e.message ?? e.keyword };
}

/** Validates untrusted input (parsed YAML/JSON) as a WindowsConfig; throws WindowsConfigError listing every problem. */
export function validateWindowsConfig(input: unknown, repositoryTimezone?: string): WindowsConfig {
  const ajv = new Ajv({ allErrors: true });
  const validate = ajv.compile<WindowsConfig>(windowsSchema);
  if (!validate(input)) {
    const errors = validate.errors ?? [];
    // Inside a oneOf, the per-branch errors only repeat the oneOf's own message less clearly.
    const oneOfPaths = new Set(errors.filter((e) => e.keyword === "oneOf").map((e) => e.instancePath));
    const issues = errors
      .filter((e) => e.keyword === "oneOf" || ![...oneOfPaths].some((p) => e.instancePath.startsWith(p)))
      .map(describeAjvError);
    const unique = [...new Map(issues.map((i) => [`${i.path}: ${i.message}`, i])).values()];
    throw new WindowsConfigError(unique);
  }
  const issues = windowsProblems(input, repositoryTimezone);
  if (issues.length > 0) throw new WindowsConfigError(issues);
  return input;
}

/**
 * What a schema cannot check in a shape-valid windows configuration (also inside the repository config):
 * the time zone, cron fields, real dates and ranges. Empty when all is well.
 */
export function windowsProblems(input: WindowsConfig, repositoryTimezone?: string): ConfigIssue[] {
  const timezone = input.timezone ?? repositoryTimezone ?? "UTC";
  if (!isValidTimeZone(timezone)) {
    return [
      {
        path: input.timezone === undefined ? "(repository timezone)" : "timezone",
        message: `"${timezone}" is not an IANA time zone; use a name like Europe/Berlin, America/New_York or UTC`,
      },
    ];
  }
  const issues: ConfigIssue[] = [];
  const check = (f: () => unknown): void => {
    try {
      f();
    } catch (error) {
      if (!(error instanceof WindowsConfigError)) throw error;
      issues.push(...error.issues);
    }
  };
  check(() => compileWindows(input.windows ?? [], timezone, "windows"));
  check(() => compileWindows(input.prWindows ?? [], timezone, "prWindows"));
  check(() => compileWindows(input.mergeWindows ?? [], timezone, "mergeWindows"));
  check(() => compileBlackouts(input.blackouts ?? [], timezone));
  return issues;
}
