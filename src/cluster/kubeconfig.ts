// Where the port's credentials come from: a kubeconfig file, the in-cluster service account, or explicit
// options (a server URL and a bearer token, as the sandbox and tests use).
import { KubeConfig } from "@kubernetes/client-node";

export type KubeConfigSource =
  | { kind: "file"; path: string; context?: string }
  | { kind: "in-cluster" }
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
      config.loadFromCluster();
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
