// The image's Dockerfile (issue 9): passes dockerfilelint (from the npm registry, run offline on the text) and
// has the shape the deployment relies on: multi-stage on Node 20 slim images, production dependencies only in
// the final stage, a numeric non-root user (so Kubernetes' runAsNonRoot can verify it), the App as the command,
// no HEALTHCHECK (Kubernetes probes /healthz instead), and a build context without secrets or host state.
import { existsSync } from "node:fs";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run as lintDockerfile } from "dockerfilelint";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../..");

interface Instruction {
  keyword: string;
  args: string;
}

/** Instructions with continuation lines joined and comments dropped, as Docker reads them. */
function instructions(text: string): Instruction[] {
  const joined = text.replace(/\\\n\s*/g, " ");
  return joined
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => {
      const [keyword = "", ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(" ") };
    });
}

/** The instructions of each stage, first to last. */
function stages(list: Instruction[]): Instruction[][] {
  const out: Instruction[][] = [];
  for (const ins of list) {
    if (ins.keyword === "FROM") out.push([]);
    out.at(-1)?.push(ins);
  }
  return out;
}

const dockerfile = () => readFile(join(ROOT, "Dockerfile"), "utf8");

// dockerfilelint reads an optional .dockerfilelintrc from the directory it is given: an empty one means its
// full default rule set.
const lint = async (text: string) => lintDockerfile(await mkdtemp(join(tmpdir(), "dockerfilelint-")), text);

describe("Dockerfile", () => {
  it("passes dockerfilelint with no findings", async () => {
    expect(await lint(await dockerfile())).toEqual([]);
  });

  it("is checked by a linter that does reject bad Dockerfiles", async () => {
    const findings = await lint("from node:latest\nRUN apt-get install curl\nCMD node app.js\n");
    expect(findings.map((f) => f.rule).sort()).toEqual(
      expect.arrayContaining(["apt-get_missing_param", "latest_tag", "uppercase_commands"]),
    );
  });

  it("builds in two stages on Node 20 slim images, the final one installing production dependencies only", async () => {
    const [check, final] = stages(instructions(await dockerfile()));
    expect(stages(instructions(await dockerfile()))).toHaveLength(2);
    for (const stage of [check, final])
      expect(stage?.[0]?.args).toMatch(/^node:20(\.[\d.]+)?-[a-z]*-?slim\b/);
    const runs = (final ?? []).filter((i) => i.keyword === "RUN").map((i) => i.args);
    expect(runs.some((r) => /\bnpm ci\b.*--omit=dev\b/.test(r))).toBe(true);
    expect(runs.some((r) => /\bnpm (ci|install)\b(?!.*--omit=dev)/.test(r))).toBe(false);
  });

  it("installs git in the final stage: the app pushes phase commits and reads heads and manifests with it", async () => {
    const [, final] = stages(instructions(await dockerfile()));
    const runs = (final ?? []).filter((i) => i.keyword === "RUN").map((i) => i.args);
    expect(
      runs.some((r) => /\bapt-get install\b.*\bgit\b/.test(r) && /rm -rf \/var\/lib\/apt\/lists/.test(r)),
    ).toBe(true);
  });

  it("copies into the final stage only sources that exist, through the type-checking stage", async () => {
    const [check, final] = stages(instructions(await dockerfile()));
    expect(check?.some((i) => i.keyword === "RUN" && /\btsc -p tsconfig\.json\b/.test(i.args))).toBe(true);
    const copied = (final ?? [])
      .filter((i) => i.keyword === "COPY" && i.args.startsWith("--from=check "))
      .map((i) => i.args.split(/\s+/)[1]?.replace(/^\/src\//, "") ?? "");
    expect(copied).toEqual(["bin", "src", "schemas", "app.yml", ".github/ISSUE_TEMPLATE"]);
    for (const path of copied) expect(existsSync(join(ROOT, path)), path).toBe(true);
  });

  it("runs the App as a numeric non-root user, with no HEALTHCHECK", async () => {
    const list = instructions(await dockerfile());
    const final = stages(list).at(-1) ?? [];
    const users = final.filter((i) => i.keyword === "USER").map((i) => i.args);
    expect(users).toHaveLength(1);
    expect(users[0]).toMatch(/^[1-9]\d*(:[1-9]\d*)?$/);
    expect(final.at(-1)).toEqual({ keyword: "CMD", args: '["node", "bin/node-patch-bot.js", "start"]' });
    expect(list.some((i) => i.keyword === "HEALTHCHECK")).toBe(false);
    // Probot listens on localhost unless told otherwise: the container must listen on all interfaces.
    expect(final.find((i) => i.keyword === "ENV")?.args).toContain("HOST=0.0.0.0");
  });

  it("keeps secrets, git history and host node_modules out of the build context", async () => {
    const ignored = (await readFile(join(ROOT, ".dockerignore"), "utf8")).split("\n").map((l) => l.trim());
    expect(ignored).toEqual(expect.arrayContaining([".git", ".env", "*.pem", "node_modules", ".sandbox"]));
  });
});
