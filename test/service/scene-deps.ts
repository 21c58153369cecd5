// The flows' dependencies over a GitHub stand-in scene (test/sandbox/github/helpers.ts): the bot's real port
// for acme/cluster, a quiet log and a fixed clock; `extra` replaces any of them.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPatchRequestChecker } from "../../src/commands/issue-request.js";
import { createOctokitPort } from "../../src/github/octokit-port.js";
import { createStateCodec } from "../../src/rollout/state-codec.js";
import type { FlowDeps } from "../../src/service/deps.js";
import { REPO, type Scene } from "../sandbox/github/helpers.js";

const quiet = { info() {}, warn() {}, error() {} };

export async function sceneFlowDeps(
  scene: Scene,
  loadConfig: FlowDeps["loadConfig"],
  extra: Partial<FlowDeps> = {},
): Promise<FlowDeps> {
  return {
    github: createOctokitPort({
      octokit: scene.bot,
      repo: { owner: "acme", repo: "cluster" },
      gitUrl: scene.standIn.cloneUrl(REPO, scene.botToken),
      token: async () => scene.botToken,
      workDir: await mkdtemp(join(tmpdir(), "npb-flow-")),
    }),
    loadConfig,
    now: () => Date.parse("2026-11-25T10:00:00Z"),
    log: quiet,
    codec: createStateCodec(),
    checkRequest: createPatchRequestChecker(),
    botLogin: "node-patch-bot[bot]",
    ...extra,
  };
}
