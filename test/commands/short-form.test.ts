import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkPatchRequest, createPatchRequestChecker } from "../../src/commands/issue-request.js";
import { parseShortForm, renderShortForm } from "../../src/commands/short-form.js";
import { freeText, requestArbitrary } from "./arbitraries.js";

const errorOf = (text: string) => {
  const result = parseShortForm(text);
  return result.ok ? result : result.error;
};

describe("the /patch plan short form", () => {
  it("reads the full example into a schema-valid patch request", () => {
    const result = parseShortForm(
      'replace workers maxSurge=2 maxUnavailable=10% names=worker-1,worker-2 labels=zone=a,rack=r1 osImage="Ubuntu 20.04.6 LTS" kernel=5.4.0-150 reason="CVE-2026-1234"',
    );
    expect(result).toMatchInlineSnapshot(`
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
          "reason": "CVE-2026-1234",
          "strategy": "replace",
          "target": {
            "kernelVersion": "5.4.0-150",
            "osImage": "Ubuntu 20.04.6 LTS",
          },
        },
      }
    `);
    expect(result.ok && checkPatchRequest(result.request).ok).toBe(true);
  });

  it("reads roles, packages, escaped quotes and case-insensitive keys", () => {
    expect(
      parseShortForm(
        'in-place control-plane PACKAGES=openssh-server,linux-image-generic reason="say \\"hi\\" \\\\o/"',
      ),
    ).toMatchInlineSnapshot(`
        {
          "ok": true,
          "request": {
            "machines": {
              "role": "control-plane",
            },
            "packages": [
              "openssh-server",
              "linux-image-generic",
            ],
            "reason": "say "hi" \\o/",
            "strategy": "in-place",
          },
        }
      `);
    expect(parseShortForm("replace all").ok).toBe(true);
  });

  it("says which token is wrong and where", () => {
    expect(
      [
        "",
        "workers replace",
        "replace",
        "replace nodes",
        "replace workers maxSurge=two",
        "replace workers maxUnavailable=150%",
        "replace workers maxSurge=1 maxSurge=2",
        'replace workers osImage="Ubuntu 20.04',
        "replace workers osImage=Ubuntu 20.04",
        "replace workers labels=zone",
        "replace workers names=a,,b",
        "replace workers names=a,a",
        "replace workers kernel=",
      ].map(errorOf),
    ).toMatchInlineSnapshot(`
      [
        {
          "column": 1,
          "message": "missing the strategy: replace or in-place",
          "token": "",
        },
        {
          "column": 1,
          "message": ""workers" is not a strategy; write replace or in-place first",
          "token": "workers",
        },
        {
          "column": 9,
          "message": "missing the role: workers, control-plane or all",
          "token": "",
        },
        {
          "column": 9,
          "message": ""nodes" is not a role; write workers, control-plane or all after the strategy",
          "token": "nodes",
        },
        {
          "column": 17,
          "message": "maxSurge must be a whole number or a percentage such as 25%, not "two"",
          "token": "maxSurge=two",
        },
        {
          "column": 17,
          "message": "maxUnavailable must be a whole number or a percentage such as 25%, not "150%"",
          "token": "maxUnavailable=150%",
        },
        {
          "column": 28,
          "message": "option maxSurge is given twice; give each option once",
          "token": "maxSurge=2",
        },
        {
          "column": 25,
          "message": "this quote is never closed; end the value with a double quote",
          "token": ""Ubuntu 20.04",
        },
        {
          "column": 32,
          "message": ""20.04" is not an option; options are key=value with keys maxSurge, maxUnavailable, names, labels, osImage, kernel, packages, reason",
          "token": "20.04",
        },
        {
          "column": 17,
          "message": "labels must be key=value pairs separated by commas, e.g. labels=zone=a,rack=r1; "zone" is not",
          "token": "labels=zone",
        },
        {
          "column": 17,
          "message": "names must be machine names separated by commas, without empty items",
          "token": "names=a,,b",
        },
        {
          "column": 17,
          "message": "names lists a machine more than once",
          "token": "names=a,a",
        },
        {
          "column": 17,
          "message": "kernel needs a value, e.g. kernel=5.4.0-150-generic",
          "token": "kernel=",
        },
      ]
    `);
  });

  it("cannot express replacements: rendering them gives undefined", () => {
    expect(
      renderShortForm({
        strategy: "replace",
        machines: { role: "worker" },
        replacements: [{ name: "w-9", privateAddress: "10.0.0.9" }],
      }),
    ).toBeUndefined();
    expect(
      renderShortForm({ strategy: "replace", machines: { role: "worker" }, maxSurge: "50%", reason: "" }),
    ).toBe('replace workers maxSurge=50% reason=""');
  });
});

const requestArb = requestArbitrary({
  text: freeText,
  reason: fc.oneof(freeText, fc.constant("")),
  withReplacements: false,
});

describe("short form round trip (property-based)", () => {
  it("rendering a request and parsing it back gives the same request, which the schema accepts", () => {
    const checkRequest = createPatchRequestChecker();
    fc.assert(
      fc.property(requestArb, (request) => {
        const rendered = renderShortForm(request);
        expect(rendered).toBeDefined();
        const parsed = parseShortForm(rendered ?? "");
        expect(parsed).toEqual({ ok: true, request });
        expect(checkRequest(request)).toEqual({ ok: true, request });
      }),
      { numRuns: 300 },
    );
  });
});
