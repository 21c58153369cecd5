import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../src/manifest/index.js";
import { parseRepositoryConfig, plannerConfig } from "../../src/plan/index.js";

describe("repository config", () => {
  it("is optional: an empty file gives the schema's defaults", () => {
    const r = parseRepositoryConfig("", ".github/node-patch-bot.yml");
    expect(r.ok).toBe(true);
    expect(plannerConfig(r.ok ? r.config : {})).toEqual({
      manifestPath: "setup/machines.yaml",
      taintAnnotation: "node-patch-bot.dev/taints",
      taintKey: "node-patch-bot.dev/patching",
      failureDomainLabels: ["topology.kubernetes.io/zone"],
      kubernetesVersions: ">=1.16.1 <=1.20.x",
    });
  });

  it("carries the planner's fields and the App's (merge, approvals, readiness, windows, labels)", () => {
    const r = parseRepositoryConfig(
      [
        "manifestPath: machines.yaml",
        "clusterName: prod",
        "poolPath: spares.yaml",
        "failureDomainLabels: [rack]",
        "merge: {mode: auto, method: rebase}",
        "approvals: {required: 2, approvers: [alice, Platform-Lead]}",
        "permission: maintain",
        "readiness: {timeoutMinutes: 20}",
        "timezone: Europe/Berlin",
        'windows: [{cron: "0 22 * * MON-FRI", duration: 4h}]',
        "labels: {pullRequest: [node-patch, ops]}",
      ].join("\n"),
      ".github/node-patch-bot.yml",
    );
    expect(r.ok).toBe(true);
    expect(plannerConfig(r.ok ? r.config : {})).toMatchObject({
      manifestPath: "machines.yaml",
      clusterName: "prod",
      poolPath: "spares.yaml",
      failureDomainLabels: ["rack"],
    });
  });

  it("rejects unknown fields and bad values with file:line:col", () => {
    const r = parseRepositoryConfig(
      "manifestpath: x\nmerge: {mode: sometimes}\n",
      ".github/node-patch-bot.yml",
    );
    expect(r.ok ? [] : r.diagnostics.map((d) => formatDiagnostic(d).split("\n")[0])).toEqual([
      '.github/node-patch-bot.yml:1:1: error: unknown field "manifestpath" in the config',
      ".github/node-patch-bot.yml:2:15: error: merge.mode must be one of: manual, auto",
    ]);
  });

  it("takes logins as approvers and says that a team is not one", () => {
    const r = parseRepositoryConfig(
      "approvals:\n  approvers: [alice, acme/platform]\n",
      ".github/node-patch-bot.yml",
    );
    expect(r.ok ? [] : r.diagnostics.map(formatDiagnostic)).toMatchInlineSnapshot(`
      [
        ".github/node-patch-bot.yml:2:22: error: approvals.approvers[1] must be a GitHub login; a team is not one: list its members
        fix: for example "alice" or "platform-lead"",
      ]
    `);
  });
});
