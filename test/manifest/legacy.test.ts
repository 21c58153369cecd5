// The legacy List format (cluster.k8s.io/v1alpha1 Machines) must be explained and never corrupted: every way
// an edit can be attempted on it (each phase kind a plan would write, the plan CLI, `stage` into a repository)
// is refused with the one legacy explanation, and the file's bytes stay exactly as they were.
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createGit } from "../../src/github/git.js";
import { formatDiagnostic, parseManifest } from "../../src/manifest/index.js";
import { preparePlan } from "../../src/plan/index.js";
import { runCli } from "../cli/run-cli.js";
import { upstream } from "./helpers.js";

const LEGACY_FILE = "wksctl-footloose-machines.legacy-v1alpha1-list.yaml";
const LEGACY = upstream(LEGACY_FILE);
const EXPLANATION = (file: string) =>
  `${file}:1:1: error: this is the legacy Machines format (cluster.k8s.io/v1alpha1 Machines with spec.providerSpec in a List or \`items:\`); node-patch-bot reads only the current cluster.x-k8s.io/v1alpha3 Machine + ExistingInfraMachine format
  fix: convert the file first (wksctl converted its examples with crdconv): each Machine becomes a cluster.x-k8s.io/v1alpha3 Machine whose spec.infrastructureRef names an ExistingInfraMachine (cluster.weave.works/v1alpha3) holding spec.private and spec.public; node-patch-bot left the file unchanged`;

/** One request per edit kind a plan writes: replace (add, taint, remove) and in-place (taint, untaint). */
const REQUESTS: Record<string, string> = {
  "replace with replacements (add, taint, remove)":
    "strategy: replace\nreplacements:\n  - {name: worker-2, privateAddress: 172.17.0.9}\n",
  "replace from the pool (add from pool, taint, remove)": "strategy: replace\n",
  "in-place (taint, untaint)": "strategy: in-place\ntarget: {kernelVersion: 5.4.0}\n",
  "in-place on the control plane":
    "strategy: in-place\nmachines: {role: control-plane}\ntarget: {osImage: x}\n",
};

describe("the legacy List manifest is refused, never edited", () => {
  it("parses to the one legacy explanation, as bytes, with CRLF and as a bare items: list", () => {
    const variants = {
      text: LEGACY,
      bytes: new TextEncoder().encode(LEGACY),
      crlf: LEGACY.replace(/\n/g, "\r\n"),
      "bare items": LEGACY.replace("apiVersion: v1\nkind: List\n", ""),
    };
    for (const [what, input] of Object.entries(variants)) {
      const r = parseManifest(input, { file: "machines.yaml" });
      expect({
        what,
        legacy: !r.ok && r.legacy,
        messages: r.ok ? [] : r.diagnostics.map(formatDiagnostic),
      }).toEqual({ what, legacy: true, messages: [EXPLANATION("machines.yaml")] });
    }
  });

  for (const [what, request] of Object.entries(REQUESTS)) {
    it(`a plan that would edit it is refused: ${what}`, () => {
      const bytes = new TextEncoder().encode(LEGACY);
      const before = Buffer.from(bytes);
      const r = preparePlan({
        request: { file: "request.yaml", text: request },
        manifest: { file: "setup/machines.yaml", text: bytes },
        repositoryConfig: { poolPath: "setup/pool.yaml" },
        pool: { file: "setup/pool.yaml", text: upstream("wksctl-vagrant-machines.v1alpha3.yaml") },
      });
      expect(r.ok ? [] : r.diagnostics.map(formatDiagnostic)).toEqual([EXPLANATION("setup/machines.yaml")]);
      expect(Buffer.from(bytes).equals(before)).toBe(true);
    });
  }

  it("a legacy pool file is refused too, with the same explanation at the pool's path", () => {
    const r = preparePlan({
      request: { file: "request.yaml", text: "strategy: replace\n" },
      manifest: { file: "setup/machines.yaml", text: upstream("wksctl-footloose-machines.v1alpha3.yaml") },
      repositoryConfig: { poolPath: "setup/pool.yaml" },
      pool: { file: "setup/pool.yaml", text: LEGACY },
    });
    expect(r.ok ? [] : r.diagnostics.map(formatDiagnostic)).toEqual([EXPLANATION("setup/pool.yaml")]);
  });

  it("`node-patch-bot plan` exits 1 with the explanation and leaves the file alone", async () => {
    const dir = await mkdtemp(join(tmpdir(), "npb-legacy-plan-"));
    await writeFile(join(dir, "machines.yaml"), LEGACY);
    await writeFile(join(dir, "request.yaml"), REQUESTS["in-place (taint, untaint)"] ?? "");
    const r = await runCli(["plan", "--manifest", "machines.yaml", "--request", "request.yaml"], dir);
    expect(r).toEqual({ code: 1, stdout: "", stderr: `${EXPLANATION("machines.yaml")}\n` });
    expect(await readFile(join(dir, "machines.yaml"), "utf8")).toBe(LEGACY);
  });

  it("`node-patch-bot stage` on a repository holding it writes nothing", async () => {
    const repo = await mkdtemp(join(tmpdir(), "npb-legacy-stage-"));
    const git = createGit(repo, { date: "2026-01-02T03:04:05Z" });
    await git.init();
    await writeFile(join(repo, "machines.yaml"), LEGACY);
    await git.add(".").commit("wksctl example, 2019");
    const cwd = await mkdtemp(join(tmpdir(), "npb-legacy-cwd-"));
    const snapshot = async () => ({
      refs: await git.raw(["for-each-ref", "--format=%(refname) %(objectname)"]),
      worktrees: await git.raw(["worktree", "list", "--porcelain"]),
      status: await git.raw(["status", "--porcelain", "--ignored"]),
      objects: await git.raw(["count-objects", "-v"]),
      head: await git.raw(["show", "HEAD:machines.yaml"]),
    });
    const before = await snapshot();
    for (const request of Object.values(REQUESTS)) {
      await writeFile(join(cwd, "request.yaml"), request);
      const r = await runCli(
        ["stage", "--repo", repo, "--request", "request.yaml", "--manifest-path", "machines.yaml"],
        cwd,
      );
      expect(r).toEqual({ code: 1, stdout: "", stderr: `${EXPLANATION("machines.yaml")}\n` });
    }
    expect(await snapshot()).toEqual(before);
    expect(before.head).toBe(LEGACY);
    expect(await readFile(join(repo, "machines.yaml"), "utf8")).toBe(LEGACY);
  });
});
