// Validation at the boundary: Kubernetes responses against the fields the bot depends on, and snapshots
// (which an in-cluster agent may publish) against their schema. The compiled validators are immutable.
import { Ajv, type ErrorObject } from "ajv";
import addFormatsModule from "ajv-formats";
import snapshotSchema from "../../schemas/cluster-snapshot.schema.json" with { type: "json" };
import apiSchema from "../../schemas/k8s-api.schema.json" with { type: "json" };
import machineListSchema from "../../schemas/machine-list.schema.json" with { type: "json" };
import type { ClusterSnapshot } from "../generated/cluster-snapshot.js";
import type { NodeList, PodDisruptionBudgetList, PodList, Status } from "../generated/k8s-api.js";
import type { MachineList } from "../generated/machine-list.js";

const addFormats = addFormatsModule.default ?? addFormatsModule;

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
// `tsType` only steers the generated TypeScript types.
ajv.addKeyword("tsType");
addFormats(ajv);
ajv.addSchema(apiSchema);
ajv.addSchema(snapshotSchema);

const at = (definition: string) => ({ $ref: `${apiSchema.$id}#/definitions/${definition}` });

export const validateNodeList = ajv.compile<NodeList>(at("NodeList"));
export const validatePodList = ajv.compile<PodList>(at("PodList"));
export const validateBudgetList = ajv.compile<PodDisruptionBudgetList>(at("PodDisruptionBudgetList"));
export const validateStatus = ajv.compile<Status>(at("Status"));
export const validateMachineList = ajv.compile<MachineList>(machineListSchema);
export const validateSnapshot = ajv.compile<ClusterSnapshot>({ $ref: snapshotSchema.$id });

export function describeErrors(errors: readonly ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .slice(0, 5)
    .map((e) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}`)
    .join("; ");
}
