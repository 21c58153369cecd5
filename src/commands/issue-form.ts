// Reads back what GitHub renders from the issue form `.github/ISSUE_TEMPLATE/node-patch.yml`: each field
// becomes `### <label>` followed by its value, `_No response_` when left empty, and textareas with
// `render: yaml` are wrapped in a ```yaml fence. The labels below must match the template (a test checks).
import { formatYamlProblem, parseStrictYaml } from "./strict-yaml.js";

export const ISSUE_FORM_FIELDS = {
  strategy: "Strategy",
  role: "Machine role",
  names: "Machine names",
  labels: "Machine labels",
  maxSurge: "Max surge",
  maxUnavailable: "Max unavailable",
  replacements: "Replacements",
  osImage: "Target OS image",
  kernelVersion: "Target kernel version",
  packages: "Packages",
  reason: "Reason",
} as const;

type FieldId = keyof typeof ISSUE_FORM_FIELDS;

/** True when the body looks like the rendered issue form (it has the form's first heading). */
export function isRenderedIssueForm(body: string): boolean {
  return new RegExp(`^### ${ISSUE_FORM_FIELDS.strategy}[ \\t]*$`, "m").test(body.replace(/\r\n?/g, "\n"));
}

/** `### Label` sections of a body: label -> { value (trimmed, undefined for _No response_), 1-based line }. */
export function renderedSections(body: string): Map<string, { value: string | undefined; line: number }> {
  const sections = new Map<string, { value: string | undefined; line: number }>();
  const lines = body.replace(/\r\n?/g, "\n").split("\n");
  let current: { label: string; line: number; content: string[] } | undefined;
  const flush = (): void => {
    if (current === undefined || sections.has(current.label)) return;
    const value = current.content.join("\n").trim();
    sections.set(current.label, {
      value: value === "" || value === "_No response_" ? undefined : value,
      line: current.line + 1,
    });
  };
  for (const [index, line] of lines.entries()) {
    const heading = /^###[ \t]+(.+?)[ \t]*$/.exec(line);
    if (heading?.[1] !== undefined) {
      flush();
      current = { label: heading[1], line: index + 1, content: [] };
    } else current?.content.push(line);
  }
  flush();
  return sections;
}

function splitList(value: string): string[] {
  return value
    .split(/[,\n]/)
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

function unfence(value: string): { text: string; offset: number } {
  const m = /^(`{3,}|~{3,})[^\n]*\n([\s\S]*?)\n?\1\s*$/.exec(value);
  return m?.[2] === undefined ? { text: value, offset: 0 } : { text: m[2], offset: 1 };
}

/** Builds a request from the rendered form; `errors` name the form field and say what to change. */
export function requestFromRenderedForm(body: string): {
  request: Record<string, unknown>;
  errors: string[];
} {
  const sections = renderedSections(body);
  const errors: string[] = [];
  const get = (id: FieldId): { value: string; line: number } | undefined => {
    const section = sections.get(ISSUE_FORM_FIELDS[id]);
    return section?.value === undefined ? undefined : { value: section.value, line: section.line };
  };
  const request: Record<string, unknown> = {};
  const machines: Record<string, unknown> = {};
  const strategy = get("strategy");
  if (strategy === undefined) errors.push(`${ISSUE_FORM_FIELDS.strategy}: choose replace or in-place`);
  else request.strategy = strategy.value;
  const role = get("role");
  if (role !== undefined) machines.role = role.value;
  const names = get("names");
  if (names !== undefined) machines.names = splitList(names.value);
  const labels = get("labels");
  if (labels !== undefined) {
    const map: Record<string, string> = {};
    for (const pair of splitList(labels.value)) {
      const at = pair.indexOf("=");
      if (at <= 0)
        errors.push(`${ISSUE_FORM_FIELDS.labels}: "${pair}" is not key=value; write e.g. zone=a, rack=r1`);
      else if (Object.hasOwn(map, pair.slice(0, at).trim())) {
        errors.push(`${ISSUE_FORM_FIELDS.labels}: label ${pair.slice(0, at).trim()} is given twice`);
      } else map[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
    }
    machines.labels = map;
  }
  if (Object.keys(machines).length > 0) request.machines = machines;
  for (const id of ["maxSurge", "maxUnavailable"] as const) {
    const field = get(id);
    if (field === undefined) continue;
    if (/^\d{1,6}$/.test(field.value)) request[id] = Number(field.value);
    else if (/^\d{1,3}%$/.test(field.value)) request[id] = field.value;
    else
      errors.push(
        `${ISSUE_FORM_FIELDS[id]}: "${field.value}" must be a whole number or a percentage such as 25%`,
      );
  }
  const replacements = get("replacements");
  if (replacements !== undefined) {
    const { text, offset } = unfence(replacements.value);
    const parsed = parseStrictYaml(text);
    if (!parsed.ok) {
      // Section values start two lines below the heading (blank line, then the fence line when fenced).
      const lineOffset = replacements.line + offset;
      for (const p of parsed.problems)
        errors.push(`${ISSUE_FORM_FIELDS.replacements}: ${formatYamlProblem(p, lineOffset)}`);
    } else request.replacements = parsed.value;
  }
  const target: Record<string, string> = {};
  const osImage = get("osImage");
  if (osImage !== undefined) target.osImage = osImage.value;
  const kernelVersion = get("kernelVersion");
  if (kernelVersion !== undefined) target.kernelVersion = kernelVersion.value;
  if (Object.keys(target).length > 0) request.target = target;
  const packages = get("packages");
  if (packages !== undefined) request.packages = splitList(packages.value);
  const reason = get("reason");
  if (reason !== undefined) request.reason = reason.value;
  return { request, errors };
}
