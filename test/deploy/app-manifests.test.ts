// The Kubernetes manifests for running the App (deploy/app/): each validates offline against Kubernetes'
// schemas (kubernetes-models), they reference each other consistently, the probes hit the App's health
// endpoint on the port it listens on, credentials come only from a Secret, the pod runs locked down as the
// image's user, and direct mode's ClusterRole grants exactly what the agent's does.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { Deployment } from "kubernetes-models/apps/v1";
import { ClusterRole } from "kubernetes-models/rbac.authorization.k8s.io/v1";
import { Namespace, Service, ServiceAccount } from "kubernetes-models/v1";
import { describe, expect, it } from "vitest";
import { HEALTH_PATH } from "../../src/app/health.js";
import { bindingOf, loadObject } from "./k8s-objects.js";

const ROOT = join(import.meta.dirname, "../..");
const DIR = join(ROOT, "deploy/app");

const load = (file: string, dir = DIR) => loadObject(dir, file);

async function appContainer() {
  const deployment = new Deployment(await load("deployment.yaml"));
  const pod = deployment.spec?.template.spec;
  expect(pod?.containers).toHaveLength(1);
  const [app] = pod?.containers ?? [];
  if (app === undefined) throw new Error("no container");
  return { deployment, pod, app };
}

describe("deploy/app", () => {
  it("holds the namespace, ServiceAccount, ClusterRole, binding, Deployment and Service, each valid", async () => {
    expect((await readdir(DIR)).filter((f) => f.endsWith(".yaml")).sort()).toEqual([
      "clusterrole.yaml",
      "clusterrolebinding.yaml",
      "deployment.yaml",
      "namespace.yaml",
      "service.yaml",
      "serviceaccount.yaml",
    ]);
    // validate() throws on anything Kubernetes' OpenAPI schema rejects.
    new Namespace(await load("namespace.yaml")).validate();
    new ServiceAccount(await load("serviceaccount.yaml")).validate();
    new ClusterRole(await load("clusterrole.yaml")).validate();
    bindingOf(await load("clusterrolebinding.yaml")).validate();
    new Deployment(await load("deployment.yaml")).validate();
    new Service(await load("service.yaml")).validate();
  });

  it("rejects what Kubernetes would reject (the validation is real)", async () => {
    const service = new Service(await load("service.yaml"));
    const broken = new Service({
      ...service.toJSON(),
      spec: { ...service.spec, ports: [{ port: "eighty" }] },
    });
    expect(() => broken.validate()).toThrow();
  });

  it("shares the agent's namespace object, so deploy/app and deploy/agent apply alone or together", async () => {
    expect(await load("namespace.yaml")).toEqual(await load("namespace.yaml", join(ROOT, "deploy/agent")));
  });

  it("probes the App's health endpoint on the port the App listens on, and the Service targets that port", async () => {
    const { app } = await appContainer();
    const port = app.ports?.find((p) => p.name === "http");
    expect(port?.containerPort).toBe(3000);
    const env = (name: string) => app.env?.find((e) => e.name === name)?.value;
    expect(env("PORT")).toBe(String(port?.containerPort));
    expect(env("HOST")).toBe("0.0.0.0");
    for (const probe of [app.livenessProbe, app.readinessProbe, app.startupProbe]) {
      expect(probe?.httpGet).toEqual({ path: HEALTH_PATH, port: "http" });
    }
    const service = new Service(await load("service.yaml"));
    expect(service.spec?.ports).toEqual([{ name: "http", port: 80, targetPort: "http", protocol: "TCP" }]);
  });

  it("selects its own pods: Deployment selector, pod labels and Service selector agree", async () => {
    const { deployment } = await appContainer();
    const labels = deployment.spec?.template.metadata?.labels;
    expect(deployment.spec?.selector.matchLabels).toEqual(labels);
    expect(new Service(await load("service.yaml")).spec?.selector).toEqual(labels);
    expect(deployment.spec?.replicas).toBe(1);
    expect(deployment.spec?.strategy?.type).toBe("Recreate");
  });

  it("takes APP_ID, PRIVATE_KEY and WEBHOOK_SECRET from a Secret, never inline, and documents every variable", async () => {
    const { app } = await appContainer();
    for (const name of ["APP_ID", "PRIVATE_KEY", "WEBHOOK_SECRET"]) {
      const entry = app.env?.find((e) => e.name === name);
      expect(entry?.value, name).toBeUndefined();
      expect(entry?.valueFrom?.secretKeyRef?.name, name).toBe("node-patch-bot-github");
    }
    const documented = (await readFile(join(ROOT, ".env.example"), "utf8"))
      .split("\n")
      .map((line) => /^([A-Z_]+)=/.exec(line)?.[1])
      .filter((name) => name !== undefined);
    // TMPDIR is the OS's own variable, not the App's.
    const set = (app.env ?? []).map((e) => e.name).filter((name) => name !== "TMPDIR");
    expect(documented).toEqual(expect.arrayContaining(set));
  });

  it("runs non-root as the image's user on a read-only root filesystem, with resources and a /tmp emptyDir", async () => {
    const { pod, app } = await appContainer();
    expect(pod?.securityContext).toMatchObject({
      runAsNonRoot: true,
      seccompProfile: { type: "RuntimeDefault" },
    });
    const dockerUser = /^USER\s+(\d+):(\d+)$/m.exec(await readFile(join(ROOT, "Dockerfile"), "utf8"));
    expect(pod?.securityContext?.runAsUser).toBe(Number(dockerUser?.[1]));
    expect(pod?.securityContext?.runAsGroup).toBe(Number(dockerUser?.[2]));
    expect(app.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
    });
    expect(app.resources?.requests).toBeDefined();
    expect(app.resources?.limits?.memory).toBeDefined();
    expect(app.args).toEqual(["start"]);
    expect(app.volumeMounts).toEqual([{ name: "tmp", mountPath: "/tmp" }]);
    expect(pod?.volumes?.find((v) => v.name === "tmp")?.emptyDir).toBeDefined();
  });

  it("binds direct mode's ClusterRole to the Deployment's ServiceAccount, granting the agent's rules but Machines", async () => {
    const sa = new ServiceAccount(await load("serviceaccount.yaml"));
    const role = new ClusterRole(await load("clusterrole.yaml"));
    const binding = bindingOf(await load("clusterrolebinding.yaml"));
    const { deployment, pod } = await appContainer();
    expect(binding.roleRef).toEqual({
      apiGroup: "rbac.authorization.k8s.io",
      kind: "ClusterRole",
      name: role.metadata?.name,
    });
    expect(binding.subjects).toEqual([
      { kind: "ServiceAccount", name: sa.metadata?.name, namespace: sa.metadata?.namespace },
    ]);
    expect(deployment.metadata?.namespace).toBe(sa.metadata?.namespace);
    expect(pod?.serviceAccountName).toBe(sa.metadata?.name);
    expect(role.aggregationRule).toBeUndefined();
    expect(JSON.stringify(role.rules)).not.toContain("*");
    const agentRole = new ClusterRole(await load("clusterrole.yaml", join(ROOT, "deploy/agent")));
    // The agent also reads the Machine objects the GitOps reconciler applied; the App reads the manifest
    // from GitHub instead, so it is not granted them.
    expect(role.rules).toEqual(agentRole.rules?.filter((r) => !r.apiGroups?.includes("cluster.x-k8s.io")));
  });
});
