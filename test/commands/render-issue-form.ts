// Renders issue form answers the way GitHub renders an issue form into the issue body, from the template.
import { readFileSync } from "node:fs";
import { parse, stringify } from "yaml";
import type { PatchRequest } from "../../src/generated/patch-request.js";

export interface FormElement {
  type: string;
  id?: string;
  attributes: { label?: string; options?: string[]; render?: string };
}

export const formTemplate: { body: FormElement[] } = parse(
  readFileSync(new URL("../../.github/ISSUE_TEMPLATE/node-patch.yml", import.meta.url), "utf8"),
);
export const formFields = formTemplate.body.filter((e) => e.type !== "markdown");

export function renderForm(answers: Record<string, string>): string {
  return formFields
    .map((e) => {
      const value = answers[e.id ?? ""];
      const render = e.attributes.render;
      const shown =
        value === undefined || value === ""
          ? "_No response_"
          : render === undefined
            ? value
            : `\`\`\`${render}\n${value}\n\`\`\``;
      return `### ${e.attributes.label}\n\n${shown}`;
    })
    .join("\n\n");
}

/** What a person would type into the form for this request. */
export function formAnswers(request: PatchRequest): Record<string, string> {
  const answers: Record<string, string> = { strategy: request.strategy };
  const { role, names, labels } = request.machines ?? {};
  if (role !== undefined) answers.role = role;
  if (names !== undefined) answers.names = names.join(", ");
  if (labels !== undefined)
    answers.labels = Object.entries(labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(", ");
  if (request.maxSurge !== undefined) answers.maxSurge = String(request.maxSurge);
  if (request.maxUnavailable !== undefined) answers.maxUnavailable = String(request.maxUnavailable);
  if (request.replacements !== undefined) answers.replacements = stringify(request.replacements).trimEnd();
  if (request.target?.osImage !== undefined) answers.osImage = request.target.osImage;
  if (request.target?.kernelVersion !== undefined) answers.kernelVersion = request.target.kernelVersion;
  if (request.packages !== undefined) answers.packages = request.packages.join("\n");
  if (request.reason !== undefined) answers.reason = request.reason;
  return answers;
}
