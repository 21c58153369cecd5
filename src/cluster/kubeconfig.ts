// Where the port's credentials come from: a kubeconfig file, the in-cluster service account, or explicit
// options (a server URL and a bearer token, as the sandbox and tests use).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { KubeConfig } from "@kubernetes/client-node";

/** Where the kubelet mounts a pod's service-account token, CA bundle and namespace. */
export const SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

export type KubeConfigSource =
  | { kind: "file"; path: string; context?: string }
  /**
   * The pod's service account: the API server from KUBERNETES_SERVICE_HOST/PORT, the token, CA and namespace
   * from SERVICE_ACCOUNT_DIR under `root` (default `/`; tests point it at a temporary directory).
   */
  | { kind: "in-cluster"; root?: string }
  /** client-node refuses a plain `http://` server unless `skipTLSVerify` is set (the sandbox needs it). */
  | { kind: "token"; server: string; token: string; skipTLSVerify?: boolean };

export function loadKubeConfig(source: KubeConfigSource): KubeConfig {
  const config = new KubeConfig();
  switch (source.kind) {
    case "file":
      config.loadFromFile(source.path);
      if (source.context !== undefined) config.setCurrentContext(source.context);
      break;
    case "in-cluster":
      checkInCluster(source.root ?? "");
      // client-node reads the same files under a path prefix; the token file is re-read as it rotates.
      config.loadFromCluster(source.root ?? "");
      break;
    case "token":
      config.loadFromOptions({
        clusters: [{ name: "cluster", server: source.server, skipTLSVerify: source.skipTLSVerify ?? false }],
        users: [{ name: "node-patch-bot", token: source.token }],
        contexts: [{ name: "node-patch-bot", cluster: "cluster", user: "node-patch-bot" }],
        currentContext: "node-patch-bot",
      });
      break;
  }
  return config;
}

/**
 * client-node builds `https://undefined:undefined` outside a pod and fails only at the first request, with an
 * error that names neither cause: say at start which one it is and what to do instead.
 */
function checkInCluster(root: string): void {
  const { KUBERNETES_SERVICE_HOST: host, KUBERNETES_SERVICE_PORT: port } = process.env;
  if (!host || !port)
    throw new Error(
      "not running in a Kubernetes pod (KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set): set KUBECONFIG to a kubeconfig file",
    );
  const token = join(root, SERVICE_ACCOUNT_DIR, "token");
  if (!existsSync(token))
    throw new Error(
      `no service-account token at ${token}: mount one (automountServiceAccountToken: true) or set KUBECONFIG`,
    );
}
