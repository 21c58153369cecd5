import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../src/manifest/index.js";
import { type PreparedPlan, preparePlan } from "../../src/plan/index.js";
import { manifestYaml } from "./build.js";

const MANIFEST = manifestYaml({ "master-1": { role: "control-plane" }, "worker-1": {}, "worker-2": {} });
const messages = (r: PreparedPlan) =>
  r.ok ? [] : r.diagnostics.map((d) => formatDiagnostic(d).split("\n")[0]);

describe("preparePlan (texts in, plan and phase texts out)", () => {
  it("plans with the config's paths and renders one manifest text per phase", () => {
    const r = preparePlan({
      request: {
        file: "request.yaml",
        text: "strategy: in-place\nmaxUnavailable: 2\ntarget: {osImage: x}\n",
      },
      manifest: { file: "setup/machines.yaml", text: MANIFEST },
      config: { file: ".github/node-patch-bot.yml", text: "clusterName: example\n" },
    });
    expect(r.ok && [r.plan.manifestPath, r.plan.cluster, r.texts.length]).toEqual([
      "setup/machines.yaml",
      "example",
      2,
    ]);
    expect(r.ok && r.texts[1]?.manifest).toBe(MANIFEST);
  });

  it("says when the configured pool file is missing, only when the request needs it", () => {
    const needs = preparePlan({
      request: { file: "request.yaml", text: "strategy: replace\n" },
      manifest: { file: "machines.yaml", text: MANIFEST },
      repositoryConfig: { poolPath: "pool.yaml" },
    });
    expect(messages(needs)).toEqual([
      "pool.yaml:1:1: error: the pool file pool.yaml named by poolPath does not exist",
    ]);
    const listed = preparePlan({
      request: {
        file: "request.yaml",
        text: "strategy: replace\nmaxSurge: 2\nreplacements: [{name: a, privateAddress: 10.3.0.1}, {name: b, privateAddress: 10.3.0.2}]\n",
      },
      manifest: { file: "machines.yaml", text: MANIFEST },
      repositoryConfig: { poolPath: "pool.yaml" },
    });
    expect(listed.ok).toBe(true);
  });

  it("locates refusals in the request, and reports the config's and the manifest's own errors", () => {
    const refused = preparePlan({
      request: {
        file: "request.yaml",
        text: "strategy: replace\nreplacements:\n  - name: a\n    privateAddress: 10.0.0.2\n  - name: b\n    privateAddress: 10.3.0.2\n",
      },
      manifest: { file: "machines.yaml", text: MANIFEST },
    });
    expect(messages(refused)).toEqual([
      'request.yaml:4:21: error: private address 10.0.0.2 of "a" is already used by machine worker-1 in machines.yaml',
    ]);
    const badConfig = preparePlan({
      request: { file: "request.yaml", text: "strategy: replace\n" },
      manifest: { file: "machines.yaml", text: MANIFEST },
      config: { file: "c.yml", text: "failureDomainLabels: rack\n" },
    });
    expect(messages(badConfig)).toEqual(["c.yml:1:22: error: failureDomainLabels must be array"]);
    const badManifest = preparePlan({
      request: { file: "request.yaml", text: "strategy: replace\n" },
      manifest: { file: "machines.yaml", text: "apiVersion: v1\nkind: List\nitems: []\n" },
    });
    expect(badManifest.ok).toBe(false);
  });
});
