import fc from "fast-check";
import { describe, expect, it } from "vitest";
import patchRequestSchema from "../../schemas/patch-request.schema.json" with { type: "json" };
import { ISSUE_FORM_FIELDS } from "../../src/commands/issue-form.js";
import { createPatchRequestChecker, parseIssueRequest } from "../../src/commands/issue-request.js";
import { parseStrictYaml } from "../../src/commands/strict-yaml.js";
import { freeText, requestArbitrary } from "./arbitraries.js";
import { formFields as fields, formAnswers, renderForm } from "./render-issue-form.js";

describe("the issue form template", () => {
  it("has exactly the fields the parser reads, with the labels it looks for", () => {
    expect(Object.fromEntries(fields.map((e) => [e.id, e.attributes.label]))).toEqual(ISSUE_FORM_FIELDS);
  });

  it("offers exactly the strategies and roles the patch request schema allows", () => {
    const options = (id: string) => fields.find((e) => e.id === id)?.attributes.options;
    expect(options("strategy")).toEqual(patchRequestSchema.properties.strategy.enum);
    expect(options("role")).toEqual(patchRequestSchema.definitions.Selection.properties.role.enum);
  });
});

describe("a patch request from the rendered issue form", () => {
  it("reads every field back", () => {
    const body = renderForm({
      strategy: "replace",
      role: "worker",
      names: "worker-1, worker-2",
      labels: "zone=a, rack=r1",
      maxSurge: "2",
      maxUnavailable: "10%",
      replacements: "- name: worker-4\n  privateAddress: 10.0.0.14\n  privatePort: 22",
      osImage: "Ubuntu 20.04.6 LTS",
      kernelVersion: "5.4.0-150-generic",
      packages: "linux-image-generic\nopenssh-server",
      reason: "CVE-2026-1234: sshd pre-auth\nremote code execution",
    });
    expect(parseIssueRequest(body)).toMatchInlineSnapshot(`
      {
        "ok": true,
        "request": {
          "machines": {
            "labels": {
              "rack": "r1",
              "zone": "a",
            },
            "names": [
              "worker-1",
              "worker-2",
            ],
            "role": "worker",
          },
          "maxSurge": 2,
          "maxUnavailable": "10%",
          "packages": [
            "linux-image-generic",
            "openssh-server",
          ],
          "reason": "CVE-2026-1234: sshd pre-auth
      remote code execution",
          "replacements": [
            {
              "name": "worker-4",
              "privateAddress": "10.0.0.14",
              "privatePort": 22,
            },
          ],
          "strategy": "replace",
          "target": {
            "kernelVersion": "5.4.0-150-generic",
            "osImage": "Ubuntu 20.04.6 LTS",
          },
        },
        "source": "form",
      }
    `);
  });

  it("leaves out fields answered with _No response_, and accepts CRLF bodies", () => {
    const body = renderForm({
      strategy: "in-place",
      role: "control-plane",
      kernelVersion: "5.4.0-150-generic",
    });
    expect(parseIssueRequest(body.replace(/\n/g, "\r\n"))).toEqual({
      ok: true,
      source: "form",
      request: {
        strategy: "in-place",
        machines: { role: "control-plane" },
        target: { kernelVersion: "5.4.0-150-generic" },
      },
    });
  });

  it("names the form field in every error, with body lines for YAML problems", () => {
    const body = renderForm({
      strategy: "replace",
      role: "worker",
      labels: "zone",
      maxSurge: "two",
      replacements: "- name: worker-4\n  name: worker-5\n  privateAddress: 10.0.0.14",
    });
    expect(parseIssueRequest(body)).toMatchInlineSnapshot(`
      {
        "errors": [
          "Machine labels: "zone" is not key=value; write e.g. zone=a, rack=r1",
          "Max surge: "two" must be a whole number or a percentage such as 25%",
          "Replacements: line 29, col 3: duplicate key: each key may appear only once in a mapping",
        ],
        "ok": false,
        "source": "form",
      }
    `);
    expect(body.split("\n")[28]).toBe("  name: worker-5");
  });

  it("reports schema violations of the assembled request", () => {
    const body = renderForm({
      strategy: "replace",
      role: "worker",
      names: "Worker_1",
      replacements: "- name: w-4",
    });
    expect(parseIssueRequest(body)).toMatchInlineSnapshot(`
      {
        "errors": [
          "machines.names[0]: "Worker_1" is not a Kubernetes object name: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters",
          "replacements[0]: missing field "privateAddress"",
        ],
        "ok": false,
        "source": "form",
      }
    `);
  });
});

describe("a patch request from the first fenced YAML block", () => {
  const body = (yaml: string) =>
    `We need the sshd fix.\n\n\`\`\`yaml\n${yaml}\n\`\`\`\n\n\`\`\`yaml\nstrategy: ignored\n\`\`\`\n`;

  it("reads the block as a patch request", () => {
    expect(
      parseIssueRequest(
        body("strategy: in-place\nmachines:\n  role: all\ntarget:\n  osImage: Ubuntu 20.04.6 LTS"),
      ),
    ).toEqual({
      ok: true,
      source: "yaml",
      request: { strategy: "in-place", machines: { role: "all" }, target: { osImage: "Ubuntu 20.04.6 LTS" } },
      // The block's text and the body line it starts on, so later problems point into the issue.
      block: {
        text: "strategy: in-place\nmachines:\n  role: all\ntarget:\n  osImage: Ubuntu 20.04.6 LTS",
        firstLine: 4,
      },
    });
  });

  it("refuses duplicate keys, custom tags, aliases and anchors, with lines of the issue body", () => {
    const yaml = [
      "strategy: replace",
      "strategy: in-place",
      "reason: !vault secret",
      "target: &t",
      "  osImage: x",
      "packages: *t",
    ].join("\n");
    expect(parseIssueRequest(body(yaml))).toMatchInlineSnapshot(`
      {
        "errors": [
          "line 5, col 1: duplicate key: each key may appear only once in a mapping",
          "line 6, col 9: tag !vault is not allowed; write plain values without tags",
          "line 7, col 9: anchors (&t) are not allowed; write the value out",
          "line 9, col 11: aliases (*t) are not allowed; write the value out",
        ],
        "ok": false,
        "source": "yaml",
      }
    `);
  });

  it("explains schema errors, non-mappings, unclosed blocks, missing requests and oversized bodies", () => {
    const results = [
      body("strategy: rolling\nmachines: { role: workers }\nmaxSurge: lots\nextra: 1"),
      body("- strategy: replace"),
      "```yaml\nstrategy: replace\n",
      "Please patch the workers.",
      `${"x".repeat(65_537)}`,
    ].map((body) => parseIssueRequest(body));
    expect(results).toMatchInlineSnapshot(`
      [
        {
          "errors": [
            "the request: unknown field "extra"",
            "strategy: must be one of replace, in-place",
            "machines.role: must be one of worker, control-plane, all",
            "maxSurge: must be a whole number or a percentage such as "25%"",
          ],
          "ok": false,
          "source": "yaml",
        },
        {
          "errors": [
            "the \`\`\`yaml block on line 3 must be a mapping with strategy, machines, target, …",
          ],
          "ok": false,
          "source": "yaml",
        },
        {
          "errors": [
            "the \`\`\`yaml block opened on line 1 is never closed",
          ],
          "ok": false,
          "source": "yaml",
        },
        {
          "errors": [
            "no patch request found: use the node-patch issue form, or put the request in a \`\`\`yaml block",
          ],
          "ok": false,
          "source": "none",
        },
        {
          "errors": [
            "the issue body is 65537 characters long; at most 65536 are accepted",
          ],
          "ok": false,
          "source": "none",
        },
      ]
    `);
  });
});

describe("strict YAML", () => {
  it("accepts plain data and refuses several documents and collection keys", () => {
    expect(parseStrictYaml("a: [1, 2]\nb: {c: d}\n")).toEqual({
      ok: true,
      value: { a: [1, 2], b: { c: "d" } },
    });
    expect(parseStrictYaml("a: 1\n---\nb: 2\n")).toEqual({
      ok: false,
      problems: [{ message: 'expected exactly one YAML document, found 2; remove the extra "---"' }],
    });
    expect(parseStrictYaml("? [a]\n: 1\n")).toEqual({
      ok: false,
      problems: [{ message: "keys must be plain strings, not lists or maps", line: 1, col: 3 }],
    });
  });
});

describe("issue form round trip (property-based)", () => {
  // Form answers are trimmed by GitHub and a line starting with "### " would read as the next heading.
  const formText = freeText.map((t) => t.replace(/#/g, "").trim()).filter((t) => t !== "");

  it("rendering a request as the filled-in form and parsing the issue body gives the same request", () => {
    const check = createPatchRequestChecker();
    fc.assert(
      fc.property(
        requestArbitrary({ text: formText, reason: formText, withReplacements: true }),
        (request) => {
          expect(check(request).ok).toBe(true);
          expect(parseIssueRequest(renderForm(formAnswers(request)), check)).toEqual({
            ok: true,
            source: "form",
            request,
          });
        },
      ),
      { numRuns: 100 },
    );
  });
});
