import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { UPSTREAM } from "../manifest/helpers.js";
import { runCli } from "./run-cli.js";

describe("node-patch-bot validate", () => {
  it("exits 0 for valid manifests and prints warnings", async () => {
    const r = await runCli(["validate", "wksctl-vagrant-machines.v1alpha3.yaml"], UPSTREAM);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatchInlineSnapshot(`
      "wksctl-vagrant-machines.v1alpha3.yaml: valid, 2 machines (1 control plane, 1 workers)
      "
    `);
    expect(r.stderr).toContain("wksctl-vagrant-machines.v1alpha3.yaml:5:5: warning:");
  });

  it("exits 1 with file:line:col messages for an invalid manifest", async () => {
    const dir = await mkdtemp(join(tmpdir(), "npb-validate-"));
    await writeFile(
      join(dir, "machines.yaml"),
      "apiVersion: cluster.x-k8s.io/v1alpha3\nkind: Machine\nmetadata:\n  name: a\n  name: b\n",
    );
    const r = await runCli(["validate", "machines.yaml"], dir);
    expect(r).toEqual({
      code: 1,
      stdout: "",
      stderr:
        "machines.yaml:5:3: error: duplicate key: Map keys must be unique\n  fix: keep one of the entries with this key and delete the other\n",
    });
  });

  it("exits 1 for a file that cannot be read, and for the legacy format", async () => {
    const missing = await runCli(["validate", "nope.yaml"], UPSTREAM);
    expect(missing).toMatchObject({
      code: 1,
      stderr: "nope.yaml:1:1: error: cannot read the file (ENOENT)\n",
    });
    const legacy = await runCli(
      ["validate", "wksctl-footloose-machines.legacy-v1alpha1-list.yaml"],
      UPSTREAM,
    );
    expect(legacy.code).toBe(1);
    expect(legacy.stderr).toMatch(
      /^wksctl-footloose-machines\.legacy-v1alpha1-list\.yaml:1:1: error: this is the legacy Machines format/,
    );
  });

  it("exits 2 on usage errors", async () => {
    expect((await runCli(["validate"])).code).toBe(2);
    expect((await runCli(["validate", "--bogus", "x"])).code).toBe(2);
    expect((await runCli(["frobnicate"])).code).toBe(2);
    expect((await runCli([])).code).toBe(2);
  });

  it("works as the installed binary, through npx", async () => {
    const { stdout } = await promisify(execFile)(
      "npx",
      [
        "--no-install",
        "node-patch-bot",
        "validate",
        join(UPSTREAM, "wksctl-footloose-machines.v1alpha3.yaml"),
      ],
      { cwd: join(import.meta.dirname, "..", "..") },
    );
    expect(stdout).toContain("valid, 3 machines (2 control plane, 1 workers)");
  });
});
