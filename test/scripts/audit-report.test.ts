// CI's audit step: high and critical advisories in production dependencies fail it; a registry that cannot
// answer is reported as not checked.
import { describe, expect, it } from "vitest";
import { judgeAudit } from "../../scripts/audit-report.js";

const counts = (c: Partial<Record<string, number>>) => ({
  info: 0,
  low: 0,
  moderate: 0,
  high: 0,
  critical: 0,
  total: 0,
  ...c,
});

describe("judgeAudit", () => {
  it("passes with only low and moderate advisories, and says how many", () => {
    expect(judgeAudit({ metadata: { vulnerabilities: counts({ low: 2, moderate: 1, total: 3 }) } })).toEqual({
      exitCode: 0,
      text: "npm audit: no high or critical advisories in production dependencies (0 info, 2 low, 1 moderate, 0 high, 0 critical).",
    });
  });

  it("fails on a high or critical advisory and names the packages", () => {
    const verdict = judgeAudit({
      metadata: { vulnerabilities: counts({ high: 1, critical: 1, low: 1, total: 3 }) },
      vulnerabilities: {
        "node-forge": { severity: "critical", range: "<1.3.0" },
        semver: { severity: "high" },
        debug: { severity: "low" },
      },
    });
    expect(verdict.exitCode).toBe(1);
    expect(verdict.text).toMatchInlineSnapshot(`
      "npm audit: 2 high or critical advisories in production dependencies:
        node-forge (critical, <1.3.0)
        semver (high)"
    `);
  });

  it("reports a registry without the advisory endpoint as not checked, without its address", () => {
    const verdict = judgeAudit({
      statusCode: 405,
      message: "405 Method Not Allowed - POST https://mirror.example/-/npm/v1/security/advisories/bulk",
    });
    expect(verdict).toEqual({
      exitCode: 0,
      text: "npm audit: NOT CHECKED: the registry does not serve security advisories (HTTP 405: 405 Method Not Allowed - POST <registry>). Run `npm run audit` where the public registry is reachable.",
    });
  });

  it("fails when npm audit itself fails otherwise", () => {
    expect(judgeAudit({ statusCode: 503, message: "Service Unavailable" })).toEqual({
      exitCode: 1,
      text: "npm audit failed (503): Service Unavailable",
    });
    expect(judgeAudit({}).exitCode).toBe(1);
  });
});
