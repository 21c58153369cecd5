import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../src/manifest/index.js";
import { parsePatchRequest } from "../../src/plan/index.js";

const messages = (text: string) => {
  const r = parsePatchRequest(text, "request.yaml");
  return r.ok ? [] : r.diagnostics.map(formatDiagnostic);
};

describe("parsePatchRequest", () => {
  it("accepts YAML and JSON requests with the documented fields", () => {
    const yaml = parsePatchRequest(
      [
        "strategy: replace",
        "machines: {role: worker, labels: {pool: blue}}",
        'maxSurge: "25%"',
        "replacements:",
        "  - {name: worker-9, privateAddress: 10.0.0.9, privatePort: 22}",
        "target: {kernelVersion: 5.4.0-150-generic}",
        "packages: [linux-image-generic]",
        "reason: CVE-2024-1086",
      ].join("\n"),
      "r.yaml",
    );
    expect(yaml.ok).toBe(true);
    const json = parsePatchRequest(
      '{"strategy":"in-place","maxUnavailable":1,"target":{"osImage":"Ubuntu 20.04.6 LTS"}}',
      "r.json",
    );
    expect(json.ok && json.request).toEqual({
      strategy: "in-place",
      maxUnavailable: 1,
      target: { osImage: "Ubuntu 20.04.6 LTS" },
    });
  });

  it("points at the offending field with file:line:col and says what is expected", () => {
    expect(messages("strategy: rolling\nmaxSurge: lots\n")).toMatchInlineSnapshot(`
      [
        "request.yaml:1:11: error: strategy must be one of: replace, in-place
        fix: \`replace\` cycles machines (add new, taint old, remove old); \`in-place\` drains machines while they are patched out of band, then returns them to service.",
        "request.yaml:2:11: error: maxSurge must be a non-negative integer or a percentage such as "25%"
        fix: for example 1 or "25%"",
      ]
    `);
  });

  it("names unknown fields at their key, with the known ones", () => {
    expect(messages("strategy: replace\nmachine: {role: worker}\n")).toMatchInlineSnapshot(`
      [
        "request.yaml:2:1: error: unknown field "machine" in the request
        fix: known fields: strategy, machines, maxSurge, maxUnavailable, replacements, target, packages, reason",
      ]
    `);
  });

  it("refuses names that are not valid Kubernetes names before they reach git", () => {
    expect(
      messages("strategy: replace\nreplacements:\n  - name: Worker_9\n    privateAddress: 10.0.0.9\n"),
    ).toMatchInlineSnapshot(`
      [
        "request.yaml:3:11: error: replacements[0].name must be a Kubernetes object name: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters
        fix: for example "worker-14"",
      ]
    `);
  });

  it("requires a strategy and reports YAML syntax errors with their position", () => {
    expect(messages("machines: {role: worker}\n")[0]).toMatch(
      /^request\.yaml:1:1: error: the request is missing "strategy"/,
    );
    expect(messages("strategy: [replace\n")[0]).toMatch(/^request\.yaml:\d+:\d+: error: /);
    expect(messages("- strategy: replace\n")[0]).toMatch(/must be a mapping/);
  });

  it("accepts percentages up to 100% only", () => {
    expect(messages('strategy: replace\nmaxUnavailable: "100%"\n')).toEqual([]);
    expect(messages('strategy: replace\nmaxUnavailable: "101%"\n')).toHaveLength(1);
    expect(messages("strategy: replace\nmaxUnavailable: -1\n")).toHaveLength(1);
  });
});
