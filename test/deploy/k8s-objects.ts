// Loading the Kubernetes manifests the project ships (deploy/app, deploy/agent) for offline validation with
// kubernetes-models: one place for both test files.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { ClusterRoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1";
import { parse } from "yaml";

/** The file's one YAML document; its shape is then checked by the model's validate(). */
export async function loadObject(dir: string, file: string): Promise<Record<string, unknown>> {
  const value: unknown = parse(await readFile(join(dir, file), "utf8"));
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new Error(`${file} is not one Kubernetes object`);
  return { ...value };
}

// ClusterRoleBinding's constructor demands `roleRef` in its type; validate() checks that it is there.
export const bindingOf = (data: Record<string, unknown>) =>
  new ClusterRoleBinding(data as ConstructorParameters<typeof ClusterRoleBinding>[0]);
