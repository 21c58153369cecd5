// `node-patch-bot agent` as a shell runs it: flags and environment in, one pass with --once against the
// GitHub stand-in (GITHUB_API_URL) and the simulated cluster (a kubeconfig file), exit codes out.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { agentContext } from "../../src/agent/index.js";
import { AGENT_USAGE, runAgentCommand } from "../../src/cli/agent-command.js";
import type { CliIo } from "../../src/cli/io.js";
import { AGENT_USER, type AgentWorld, MANIFEST_PATH, REPO, startAgentWorld } from "./world.js";

function io(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const cli: CliIo = { stdout: (s) => out.push(s), stderr: (s) => err.push(s), cwd: tmpdir(), env };
  return { cli, out, err };
}

const REQUIRED = ["--repo", "acme/cluster", "--cluster", "prod", "--manifest-path", MANIFEST_PATH];

describe("node-patch-bot agent: usage", () => {
  it("prints its usage on --help", async () => {
    const { cli, out } = io();
    expect(await runAgentCommand(["--help"], cli)).toBe(0);
    expect(out.join("")).toBe(AGENT_USAGE);
  });

  it.each([
    [[], {}, "--repo OWNER/NAME is required"],
    [["--repo", "acme"], {}, "--repo OWNER/NAME is required"],
    [["--repo", "acme/cluster", "--manifest-path", "m.yaml"], {}, "--cluster NAME is required"],
    [REQUIRED, {}, "GITHUB_TOKEN is not set"],
    [[...REQUIRED, "--interval", "0"], { GITHUB_TOKEN: "t" }, "take seconds > 0"],
    [[...REQUIRED, "--in-cluster", "--kubeconfig", "k"], { GITHUB_TOKEN: "t" }, "exclude each other"],
    [["--bogus"], {}, "Unknown option '--bogus'"],
  ])("exits 2 on %j", async (args, env, message) => {
    const { cli, err } = io(env);
    expect(await runAgentCommand(args, cli)).toBe(2);
    expect(err.join("")).toContain(message);
  });
});

describe("node-patch-bot agent --once", () => {
  let world: AgentWorld | undefined;
  afterEach(async () => {
    await world?.stop();
    world = undefined;
  });

  it("runs one pass with a kubeconfig file and its own token: taints, drains, writes the status", async () => {
    const w = await startAgentWorld("readiness: { soakMinutes: 0 }\n");
    world = w;
    const head = await w.mergePhase(1);
    const dir = await mkdtemp(join(tmpdir(), "npb-agent-cli-"));
    const kubeconfig = join(dir, "kubeconfig");
    await writeFile(
      kubeconfig,
      [
        "apiVersion: v1",
        "kind: Config",
        "clusters: [{ name: sim, cluster: { server: '" +
          w.server.url +
          "', insecure-skip-tls-verify: true } }]",
        "users: [{ name: agent, user: { token: agent-sa-token } }]",
        "contexts: [{ name: sim, context: { cluster: sim, user: agent } }]",
        "current-context: sim",
        "",
      ].join("\n"),
    );
    const { cli, out, err } = io({
      GITHUB_TOKEN: w.standIn.seed.userToken(AGENT_USER),
      GITHUB_API_URL: w.standIn.url,
    });
    const code = await runAgentCommand(
      [...REQUIRED, "--kubeconfig", kubeconfig, "--once", "--drain-round", "0.05"],
      cli,
    );
    expect(err.join("")).toBe("");
    expect(code).toBe(0);
    expect(out.join("")).toContain("worker-0 (ip-10-0-0-20): tainted");
    const statuses = w.standIn.seed.repo(REPO).statuses.filter((s) => s.sha === head);
    expect(statuses).toHaveLength(1);
    // The command judges with the real clock, and the simulated merge happened on 2026-01-05: long past the
    // gate's timeout, so the verdict is a failure (the scenario tests judge on the simulated clock).
    expect(statuses[0]).toMatchObject({
      context: agentContext("prod"),
      state: "failure",
      description: expect.stringMatching(new RegExp(`^${w.plan.id} phase 1/6: timed out: `)),
      creator: AGENT_USER,
    });
  });
});
