// Direct mode inside a pod: the port reads the service account the kubelet mounts (token, CA bundle,
// namespace) and the API server's address from KUBERNETES_SERVICE_HOST/PORT. The files live under a
// temporary root here; the API server is the simulated cluster behind TLS with a certificate of its own CA.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { createServer as createHttpsServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generate } from "selfsigned";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createKubeApi,
  createKubernetesClusterPort,
  loadKubeConfig,
  SERVICE_ACCOUNT_DIR,
} from "../../src/cluster/index.js";
import { type SimApiServer, startSimApiServer } from "../../src/sandbox/cluster/index.js";
import { readyCluster } from "../sandbox/cluster/fixtures.js";

const TOKEN = "service-account-token";

let dir: string;
let api: SimApiServer;
let tls: Server;
let tlsPort: number;
/** The API server's certificate, its own CA: what the kubelet would mount as ca.crt. */
let apiserverCert: string;
const env = { ...process.env };

/** A self-signed certificate for 127.0.0.1 (it is its own CA), PEM key and certificate. */
async function selfSigned(name: string): Promise<{ key: string; cert: string }> {
  const pems = await generate([{ name: "commonName", value: name }], {
    keySize: 2048,
    algorithm: "sha256",
    extensions: [
      { name: "basicConstraints", cA: true },
      { name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }] },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

/** The service-account files as the kubelet mounts them, under `root`. */
function mountServiceAccount(root: string, files: { token?: string; ca: string; namespace: string }): void {
  const sa = join(root, SERVICE_ACCOUNT_DIR);
  mkdirSync(sa, { recursive: true });
  if (files.token !== undefined) writeFileSync(join(sa, "token"), files.token);
  writeFileSync(join(sa, "ca.crt"), files.ca);
  writeFileSync(join(sa, "namespace"), files.namespace);
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "npb-in-cluster-"));
  api = await startSimApiServer(readyCluster(), { token: TOKEN });
  // TLS in front of the simulated API server (which speaks plain HTTP): requests pass through unchanged.
  const upstream = new URL(api.url);
  const apiserver = await selfSigned("apiserver");
  apiserverCert = apiserver.cert;
  tls = createHttpsServer(apiserver, (req, res) => {
    const forward = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => tls.listen(0, "127.0.0.1", resolve));
  tlsPort = (tls.address() as AddressInfo).port;
  process.env.KUBERNETES_SERVICE_HOST = "127.0.0.1";
  process.env.KUBERNETES_SERVICE_PORT = String(tlsPort);
});

afterEach(async () => {
  process.env = { ...env };
  tls.closeAllConnections();
  await new Promise<void>((resolve) => tls.close(() => resolve()));
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("in-cluster credentials", () => {
  it("reads the API server from the environment and the token, CA and namespace from the service account", async () => {
    const root = join(dir, "pod");
    mountServiceAccount(root, {
      token: TOKEN,
      ca: apiserverCert,
      namespace: "node-patch-bot",
    });
    const config = loadKubeConfig({ kind: "in-cluster", root });
    const sa = join(root, SERVICE_ACCOUNT_DIR);
    expect({
      server: config.getCurrentCluster()?.server,
      caFile: config.getCurrentCluster()?.caFile,
      namespace: config.getContextObject(config.getCurrentContext())?.namespace,
    }).toEqual({
      server: `https://127.0.0.1:${tlsPort}`,
      caFile: join(sa, "ca.crt"),
      namespace: "node-patch-bot",
    });
    // The real port, through TLS verified against the mounted CA, with the mounted token (the API server
    // answers 401 to any other).
    const port = createKubernetesClusterPort({ config });
    expect((await port.snapshot()).nodes.map((n) => n.name)).toEqual([
      "ip-10-0-0-10",
      "ip-10-0-0-20",
      "ip-10-0-0-21",
      "ip-10-0-0-22",
    ]);
    // The token sent is the mounted one: another token in its place is refused.
    const other = join(dir, "other-pod");
    mountServiceAccount(other, {
      token: "someone-else",
      ca: apiserverCert,
      namespace: "default",
    });
    await expect(
      createKubeApi(loadKubeConfig({ kind: "in-cluster", root: other })).listNodes(),
    ).rejects.toMatchObject({
      code: 401,
    });
  });

  it("refuses an API server whose certificate the mounted CA did not sign", async () => {
    const root = join(dir, "pod");
    mountServiceAccount(root, {
      token: TOKEN,
      ca: (await selfSigned("other-ca")).cert,
      namespace: "default",
    });
    const kube = createKubeApi(loadKubeConfig({ kind: "in-cluster", root }));
    await expect(kube.listNodes()).rejects.toThrow(/self[- ]signed certificate|unable to verify/i);
  });

  it("says what is missing outside a pod, at start rather than at the first request", () => {
    const root = join(dir, "pod");
    mountServiceAccount(root, { ca: "", namespace: "default" });
    expect(() => loadKubeConfig({ kind: "in-cluster", root })).toThrow(
      `no service-account token at ${join(root, SERVICE_ACCOUNT_DIR, "token")}: mount one (automountServiceAccountToken: true) or set KUBECONFIG`,
    );
    delete process.env.KUBERNETES_SERVICE_HOST;
    expect(() => loadKubeConfig({ kind: "in-cluster", root })).toThrow(
      "not running in a Kubernetes pod (KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set): set KUBECONFIG to a kubeconfig file",
    );
  });
});
