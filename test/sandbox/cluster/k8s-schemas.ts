// Checks objects the simulated cluster serves against Kubernetes' own schemas (kubernetes-models).
import { Status } from "@kubernetes-models/apimachinery/apis/meta/v1/Status";
import { PodDisruptionBudget, PodDisruptionBudgetList } from "kubernetes-models/policy/v1";
import { Node, NodeList, Pod, PodList } from "kubernetes-models/v1";

/** Validates a JSON body by its `kind`; throws (failing the test) on a mismatch or an unknown kind. */
export function validateK8s(body: unknown): void {
  if (typeof body !== "object" || body === null) throw new Error(`not an object: ${JSON.stringify(body)}`);
  const kind = (body as { kind?: unknown }).kind;
  const data = structuredClone(body) as Record<string, unknown>;
  // The API server omits `kind`/`apiVersion` on list items (clients fill them in); kubernetes-models requires
  // them, so they are added here from the list's own kind before validating.
  if (typeof kind === "string" && kind.endsWith("List") && Array.isArray(data.items)) {
    const itemKind = kind.slice(0, -"List".length);
    data.items = data.items.map((item: unknown) => ({
      kind: itemKind,
      apiVersion: data.apiVersion,
      ...(item as object),
    }));
  }
  switch (kind) {
    case "Node":
      new Node(data).validate();
      return;
    case "NodeList":
      new NodeList(data as ConstructorParameters<typeof NodeList>[0]).validate();
      return;
    case "Pod":
      new Pod(data).validate();
      return;
    case "PodList":
      new PodList(data as ConstructorParameters<typeof PodList>[0]).validate();
      return;
    case "PodDisruptionBudget":
      new PodDisruptionBudget(data).validate();
      return;
    case "PodDisruptionBudgetList":
      new PodDisruptionBudgetList(
        data as ConstructorParameters<typeof PodDisruptionBudgetList>[0],
      ).validate();
      return;
    case "Status":
      new Status(data).validate();
      return;
    default:
      throw new Error(`no Kubernetes schema for kind ${String(kind)}`);
  }
}
