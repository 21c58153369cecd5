// The one-line short form of a patch request, used by `/patch plan <short form>`. Grammar:
//
//   short-form := strategy role option*
//   strategy   := "replace" | "in-place"
//   role       := "workers" | "worker" | "control-plane" | "all"        ("workers" means role worker)
//   option     := key "=" value      (each key at most once; keys are case-insensitive)
//   key        := maxSurge | maxUnavailable | names | labels | osImage | kernel | kernelVersion | packages | reason
//   value      := bare | '"' chars '"'   (bare: no whitespace and no quotes; inside quotes \" and \\ escape)
//   lists      := names=a,b   labels=k=v,k2=v2   packages=p1,p2      (items split on commas)
//
// maxSurge and maxUnavailable take an integer or a percentage (N%). Replacement machines do not fit on one
// line: they come from the pool file, the issue form or a YAML block.
import type { PatchRequest } from "../generated/patch-request.js";

export const SHORT_FORM_USAGE = [
  "usage: /patch plan <replace|in-place> <workers|control-plane|all> [key=value ...]",
  "  keys: maxSurge=N|N%  maxUnavailable=N|N%  names=a,b  labels=k=v,k2=v2",
  '        osImage="Ubuntu 20.04.6 LTS"  kernel=5.4.0-150-generic  packages=p1,p2  reason="CVE-2026-1234"',
  '  quote values with spaces in double quotes; inside quotes write \\" and \\\\',
].join("\n");

export interface ShortFormError {
  /** What is wrong and how to fix it, without the position. */
  message: string;
  /** The offending token as written (empty when something is missing at the end). */
  token: string;
  /** 1-based column of the token in the line it came from. */
  column: number;
}

export type ShortFormResult = { ok: true; request: PatchRequest } | { ok: false; error: ShortFormError };

interface Token {
  raw: string;
  column: number;
}

const ROLES: Record<string, "worker" | "control-plane" | "all"> = {
  workers: "worker",
  worker: "worker",
  "control-plane": "control-plane",
  all: "all",
};

const KEYS: Record<string, OptionKey> = {
  maxsurge: "maxSurge",
  maxunavailable: "maxUnavailable",
  names: "names",
  labels: "labels",
  osimage: "osImage",
  kernel: "kernel",
  kernelversion: "kernel",
  packages: "packages",
  reason: "reason",
};
type OptionKey =
  | "maxSurge"
  | "maxUnavailable"
  | "names"
  | "labels"
  | "osImage"
  | "kernel"
  | "packages"
  | "reason";
const KEY_LIST = "maxSurge, maxUnavailable, names, labels, osImage, kernel, packages, reason";

/** Splits on whitespace outside double quotes; returns the first unterminated quote as an error. */
function tokenize(text: string, startColumn: number): Token[] | ShortFormError {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i] ?? "")) {
      i += 1;
      continue;
    }
    const start = i;
    while (i < text.length && !/\s/.test(text[i] ?? "")) {
      if (text[i] === '"') {
        const open = i;
        i += 1;
        while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
        if (i >= text.length) {
          return {
            message: "this quote is never closed; end the value with a double quote",
            token: text.slice(open),
            column: startColumn + open,
          };
        }
      }
      i += 1;
    }
    tokens.push({ raw: text.slice(start, i), column: startColumn + start });
  }
  return tokens;
}

/** Removes quotes and resolves \" and \\ inside them; bare parts are kept as written. */
function unquote(raw: string): string {
  let out = "";
  for (let i = 0; i < raw.length; i += 1) {
    if (raw[i] !== '"') {
      out += raw[i];
      continue;
    }
    for (i += 1; i < raw.length && raw[i] !== '"'; i += 1) {
      const next = raw[i + 1];
      if (raw[i] === "\\" && (next === '"' || next === "\\")) {
        out += next;
        i += 1;
      } else out += raw[i];
    }
  }
  return out;
}

function intOrPercent(value: string): number | string | undefined {
  if (/^\d{1,6}$/.test(value)) return Number(value);
  if (/^(100|[1-9]?\d)%$/.test(value)) return value;
  return undefined;
}

function list(value: string): string[] | undefined {
  const items = value.split(",");
  return items.every((item) => item !== "") ? items : undefined;
}

/**
 * Parses the text after `/patch plan`. `startColumn` is the 1-based column of `text`'s first character in
 * its line, so errors point at the right place in the comment.
 */
export function parseShortForm(text: string, startColumn = 1): ShortFormResult {
  const tokens = tokenize(text, startColumn);
  if (!Array.isArray(tokens)) return { ok: false, error: tokens };
  const fail = (token: Token, message: string): ShortFormResult => ({
    ok: false,
    error: { message, token: token.raw, column: token.column },
  });
  const end: Token = { raw: "", column: startColumn + text.trimEnd().length + (text.trim() === "" ? 0 : 1) };
  const [strategyToken, roleToken, ...optionTokens] = tokens;
  if (strategyToken === undefined) return fail(end, "missing the strategy: replace or in-place");
  if (strategyToken.raw !== "replace" && strategyToken.raw !== "in-place") {
    return fail(strategyToken, `"${strategyToken.raw}" is not a strategy; write replace or in-place first`);
  }
  if (roleToken === undefined) return fail(end, "missing the role: workers, control-plane or all");
  const role = ROLES[roleToken.raw];
  if (role === undefined) {
    return fail(
      roleToken,
      `"${roleToken.raw}" is not a role; write workers, control-plane or all after the strategy`,
    );
  }
  const request: PatchRequest = { strategy: strategyToken.raw, machines: { role } };
  const seen = new Set<OptionKey>();
  for (const token of optionTokens) {
    const eq = token.raw.indexOf("=");
    const quote = token.raw.indexOf('"');
    if (eq <= 0 || (quote !== -1 && quote < eq)) {
      return fail(token, `"${token.raw}" is not an option; options are key=value with keys ${KEY_LIST}`);
    }
    const key = KEYS[token.raw.slice(0, eq).toLowerCase()];
    if (key === undefined) {
      return fail(token, `unknown option "${token.raw.slice(0, eq)}"; options are ${KEY_LIST}`);
    }
    if (seen.has(key)) return fail(token, `option ${key} is given twice; give each option once`);
    seen.add(key);
    const value = unquote(token.raw.slice(eq + 1));
    const problem = applyOption(request, key, value);
    if (problem !== undefined) return fail(token, problem);
  }
  return { ok: true, request };
}

/** Sets one option on the request; returns what is wrong with the value, if anything. */
function applyOption(request: PatchRequest, key: OptionKey, value: string): string | undefined {
  const machines = request.machines ?? {};
  switch (key) {
    case "maxSurge":
    case "maxUnavailable": {
      const parsed = intOrPercent(value);
      if (parsed === undefined)
        return `${key} must be a whole number or a percentage such as 25%, not "${value}"`;
      request[key] = parsed;
      return undefined;
    }
    case "names": {
      const names = list(value);
      if (names === undefined) return "names must be machine names separated by commas, without empty items";
      if (new Set(names).size !== names.length) return "names lists a machine more than once";
      request.machines = { ...machines, names };
      return undefined;
    }
    case "labels": {
      const pairs = list(value);
      const labels: Record<string, string> = {};
      for (const pair of pairs ?? [""]) {
        const at = pair.indexOf("=");
        if (at <= 0)
          return `labels must be key=value pairs separated by commas, e.g. labels=zone=a,rack=r1; "${pair}" is not`;
        const name = pair.slice(0, at);
        if (Object.hasOwn(labels, name)) return `label ${name} is given twice`;
        labels[name] = pair.slice(at + 1);
      }
      request.machines = { ...machines, labels };
      return undefined;
    }
    case "packages": {
      const packages = list(value);
      if (packages === undefined)
        return "packages must be package names separated by commas, without empty items";
      request.packages = packages;
      return undefined;
    }
    case "osImage":
    case "kernel": {
      if (value === "")
        return `${key} needs a value, e.g. ${key === "osImage" ? 'osImage="Ubuntu 20.04.6 LTS"' : "kernel=5.4.0-150-generic"}`;
      request.target =
        key === "osImage"
          ? { ...request.target, osImage: value }
          : { ...request.target, kernelVersion: value };
      return undefined;
    }
    case "reason":
      request.reason = value;
      return undefined;
  }
}

function quoteIfNeeded(value: string): string {
  return value === "" || /[\s"\\]/.test(value) ? `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"` : value;
}

/**
 * The short form of a request (without `/patch plan`), or undefined when the request cannot be written on
 * one line: replacements, no role, newlines in a value, or commas inside list items.
 */
export function renderShortForm(request: PatchRequest): string | undefined {
  const role = request.machines?.role;
  if (role === undefined || request.replacements !== undefined) return undefined;
  const { names, labels } = request.machines ?? {};
  const labelPairs = labels === undefined ? undefined : Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  const parts: Array<[string, string | undefined]> = [
    ["maxSurge", request.maxSurge === undefined ? undefined : String(request.maxSurge)],
    ["maxUnavailable", request.maxUnavailable === undefined ? undefined : String(request.maxUnavailable)],
    ["names", names?.join(",")],
    ["labels", labelPairs?.join(",")],
    ["osImage", request.target?.osImage],
    ["kernel", request.target?.kernelVersion],
    ["packages", request.packages?.join(",")],
    ["reason", request.reason],
  ];
  const lists = [names, labelPairs, request.packages];
  if (
    lists.some(
      (l) => l !== undefined && (l.length === 0 || l.some((item) => item === "" || item.includes(","))),
    )
  ) {
    return undefined;
  }
  if (
    labels !== undefined &&
    Object.keys(labels).some((k) => k === "" || k.includes("=") || k.includes(","))
  ) {
    return undefined;
  }
  if (parts.some(([, v]) => v !== undefined && /[\r\n]/.test(v))) return undefined;
  const options = parts
    .filter((p): p is [string, string] => p[1] !== undefined)
    .map(([k, v]) => `${k}=${quoteIfNeeded(v)}`);
  return [request.strategy, role === "worker" ? "workers" : role, ...options].join(" ");
}

/** A reply-ready explanation: the message, the line with a caret under the column, and the grammar. */
export function formatShortFormError(error: ShortFormError, line: string): string {
  const caret = `${" ".repeat(Math.max(0, error.column - 1))}^`;
  return `${error.message} (column ${error.column})\n\n    ${line}\n    ${caret}\n\n${SHORT_FORM_USAGE}`;
}
