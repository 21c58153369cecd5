// The app's long-lived services in production, from the environment: direct mode with a kubeconfig file
// (KUBECONFIG) or the in-cluster service account, or agent mode (NODE_PATCH_BOT_MODE=agent: no cluster
// credentials in the App at all).
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createKubernetesClusterPort, loadKubeConfig } from "../cluster/index.js";
import { createPatchRequestChecker } from "../commands/issue-request.js";
import { createAlertsReader } from "../readiness/index.js";
import { createStateCodec } from "../rollout/state-codec.js";
import { createAppCache } from "./cache.js";
import type { AppServices } from "./context-deps.js";
import { createRepoQueue } from "./repo-queue.js";

export async function productionServices(env: NodeJS.ProcessEnv): Promise<AppServices> {
  const mode = env.NODE_PATCH_BOT_MODE ?? "direct";
  if (mode !== "direct" && mode !== "agent")
    throw new Error(`NODE_PATCH_BOT_MODE must be "direct" or "agent", not ${JSON.stringify(mode)}`);
  const services: AppServices = {
    now: () => Date.now(),
    codec: createStateCodec(),
    checkRequest: createPatchRequestChecker(),
    workDir: env.NODE_PATCH_BOT_WORK_DIR ?? (await mkdtemp(join(tmpdir(), "node-patch-bot-"))),
    botLogin: `${env.APP_SLUG ?? "node-patch-bot"}[bot]`,
    cache: createAppCache(),
    queue: createRepoQueue(),
    readAlerts: createAlertsReader(),
  };
  if (mode === "direct") {
    const source = env.KUBECONFIG
      ? { kind: "file" as const, path: env.KUBECONFIG }
      : { kind: "in-cluster" as const };
    services.cluster = createKubernetesClusterPort({ config: loadKubeConfig(source) });
  }
  return services;
}
