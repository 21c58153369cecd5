// The Kubernetes manifests the project ships for agent mode (deploy/agent/): each validates offline against
// Kubernetes' schemas (kubernetes-models), they reference each other consistently, the Deployment runs
// locked down, and the ClusterRole grants least privilege: no wildcard, nothing the agent's client never calls.
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { Deployment } from "kubernetes-models/apps/v1";
import { ClusterRole } from "kubernetes-models/rbac.authorization.k8s.io/v1";
import { Namespace, ServiceAccount } from "kubernetes-models/v1";
import { describe, expect, it } from "vitest";
import { bindingOf, loadObject } from "../deploy/k8s-objects.js";
import { grantedAttributes } from "./rbac.js";

const DIR = join(import.meta.dirname, "../../deploy/agent");

const load = (file: string) => loadObject(DIR, file);

describe("deploy/agent", () => {
  it("holds exactly the namespace, ServiceAccount, ClusterRole, binding and Deployment, each valid", async () => {
    expect((await readdir(DIR)).filter((f) => f.endsWith(".yaml")).sort()).toEqual([
      "clusterrole.yaml",
      "clusterrolebinding.yaml",
      "deployment.yaml",
      "namespace.yaml",
      "serviceaccount.yaml",
    ]);
    // validate() throws on anything Kubernetes' OpenAPI schema rejects.
    new Namespace(await load("namespace.yaml")).validate();
    new ServiceAccount(await load("serviceaccount.yaml")).validate();
    new ClusterRole(await load("clusterrole.yaml")).validate();
    bindingOf(await load("clusterrolebinding.yaml")).validate();
    new Deployment(await load("deployment.yaml")).validate();
  });

  it("rejects what Kubernetes would reject (the validation is real)", async () => {
    const deployment = new Deployment(await load("deployment.yaml"));
    const broken = new Deployment({ ...deployment.toJSON(), spec: { ...deployment.spec, replicas: "one" } });
    expect(() => broken.validate()).toThrow();
  });

  it("binds the ClusterRole to the Deployment's ServiceAccount, never to cluster-admin", async () => {
    const sa = new ServiceAccount(await load("serviceaccount.yaml"));
    const role = new ClusterRole(await load("clusterrole.yaml"));
    const binding = bindingOf(await load("clusterrolebinding.yaml"));
    const deployment = new Deployment(await load("deployment.yaml"));
    expect(binding.roleRef).toEqual({
      apiGroup: "rbac.authorization.k8s.io",
      kind: "ClusterRole",
      name: role.metadata?.name,
    });
    expect(binding.subjects).toEqual([
      { kind: "ServiceAccount", name: sa.metadata?.name, namespace: sa.metadata?.namespace },
    ]);
    expect(deployment.metadata?.namespace).toBe(sa.metadata?.namespace);
    expect(deployment.spec?.template.spec?.serviceAccountName).toBe(sa.metadata?.name);
    expect(role.aggregationRule).toBeUndefined();
  });

  it("grants only get/list/patch on nodes, list on pods and budgets, create on pods/eviction, get/list on Machines", async () => {
    const role = new ClusterRole(await load("clusterrole.yaml"));
    const rules = role.rules ?? [];
    expect(JSON.stringify(rules)).not.toContain("*");
    expect(grantedAttributes(rules)).toEqual([
      "create /pods/eviction",
      "get /nodes",
      "get cluster.x-k8s.io/machines",
      "list /nodes",
      "list /pods",
      "list cluster.x-k8s.io/machines",
      "list policy/poddisruptionbudgets",
      "patch /nodes",
    ]);
  });

  it("runs non-root on a read-only root filesystem, with resources and the GitHub token from a Secret", async () => {
    const deployment = new Deployment(await load("deployment.yaml"));
    const pod = deployment.spec?.template.spec;
    expect(pod?.securityContext).toMatchObject({
      runAsNonRoot: true,
      seccompProfile: { type: "RuntimeDefault" },
    });
    expect(pod?.containers).toHaveLength(1);
    const [agent] = pod?.containers ?? [];
    expect(agent?.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
    });
    expect(agent?.resources?.requests).toBeDefined();
    expect(agent?.resources?.limits).toBeDefined();
    expect(agent?.args?.[0]).toBe("agent");
    const token = agent?.env?.find((e) => e.name === "GITHUB_TOKEN");
    expect(token?.value).toBeUndefined();
    expect(token?.valueFrom?.secretKeyRef?.key).toBe("token");
    // The only writable place is an emptyDir at /tmp (tsx's cache, the port's scratch directory).
    expect(agent?.volumeMounts).toEqual([{ name: "tmp", mountPath: "/tmp" }]);
    expect(pod?.volumes?.[0]?.emptyDir).toBeDefined();
  });
});
