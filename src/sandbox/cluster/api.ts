// The Kubernetes API operations the simulated cluster serves, as (status code, JSON body) pairs. The HTTP
// server only routes to these; tests may call them directly.
import { budgetNumbersFor, evictPod } from "./eviction.js";
import type { NodeTaint, PodDisruptionBudget, Status } from "./k8s-types.js";
import { parseSelectorQuery, type SelectorTerm, termsMatch } from "./labels.js";
import { afterNodeChange } from "./nodes.js";
import { type Json, jsonPatch, mergePatch, PatchError, strategicMergePatch } from "./patch.js";
import { conflict, failure, notFound } from "./status.js";
import { iso, type World } from "./world.js";

export interface ApiResponse {
  code: number;
  body: unknown;
  headers?: Record<string, string>;
}

export const PATCH_TYPES = [
  "application/json-patch+json",
  "application/merge-patch+json",
  "application/strategic-merge-patch+json",
] as const;

const ok = (body: unknown, code = 200): ApiResponse => ({ code, body });
const error = (status: Status): ApiResponse => ({ code: status.code, body: status });

function copy<T>(value: T): T {
  return structuredClone(value);
}

/** List items carry no `kind`/`apiVersion`, as the API server serves them. */
function listOf(world: World, kind: string, apiVersion: string, items: object[]): ApiResponse {
  const stripped = items.map((item) => {
    const {
      kind: _kind,
      apiVersion: _apiVersion,
      ...rest
    } = copy(item) as { kind?: string; apiVersion?: string };
    return rest;
  });
  return ok({
    kind,
    apiVersion,
    metadata: { resourceVersion: String(world.counters.resourceVersion) },
    items: stripped,
  });
}

function selectorTerms(query: string | null, name: string): SelectorTerm[] | Status {
  const terms = parseSelectorQuery(query ?? "");
  return terms ?? failure(400, `unable to parse requirement: invalid ${name}: ${JSON.stringify(query)}`);
}

function isTerms(value: SelectorTerm[] | Status): value is SelectorTerm[] {
  return Array.isArray(value);
}

export function listNodes(world: World, query: URLSearchParams): ApiResponse {
  const labels = selectorTerms(query.get("labelSelector"), "label selector");
  const fields = selectorTerms(query.get("fieldSelector"), "field selector");
  if (!isTerms(labels)) return error(labels);
  if (!isTerms(fields)) return error(fields);
  const nodes = [...world.nodes.values()]
    .filter((n) => termsMatch(labels, (k) => n.metadata.labels?.[k]))
    .filter((n) => termsMatch(fields, (k) => (k === "metadata.name" ? n.metadata.name : undefined)))
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  return listOf(world, "NodeList", "v1", nodes);
}

export function getNode(world: World, name: string): ApiResponse {
  const node = world.nodes.get(name);
  return node === undefined ? error(notFound("nodes", name)) : ok(copy(node));
}

const EFFECTS: ReadonlyArray<NodeTaint["effect"]> = ["NoSchedule", "PreferNoSchedule", "NoExecute"];
const isEffect = (value: unknown): value is NodeTaint["effect"] => EFFECTS.some((e) => e === value);

function stringMap(value: Json | undefined): Record<string, string> | undefined | false {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object" || Array.isArray(value)) return false;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== "string") return false;
    out[k] = v;
  }
  return out;
}

function taintList(value: Json | undefined): NodeTaint[] | undefined | false {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) return false;
  const out: NodeTaint[] = [];
  for (const t of value) {
    if (typeof t !== "object" || t === null || Array.isArray(t)) return false;
    const { key, value: taintValue, effect, timeAdded } = t;
    if (typeof key !== "string" || key === "" || !isEffect(effect)) return false;
    if (taintValue !== undefined && typeof taintValue !== "string") return false;
    out.push({
      key,
      effect,
      ...(typeof taintValue === "string" && taintValue !== "" ? { value: taintValue } : {}),
      ...(typeof timeAdded === "string" ? { timeAdded } : {}),
    });
  }
  return out;
}

function field(value: Json, ...path: string[]): Json | undefined {
  let current: Json | undefined = value;
  for (const name of path) {
    if (typeof current !== "object" || current === null || Array.isArray(current)) return undefined;
    current = current[name];
  }
  return current;
}

export function patchNode(world: World, name: string, contentType: string, body: Json): ApiResponse {
  const node = world.nodes.get(name);
  if (node === undefined) return error(notFound("nodes", name));
  const type = contentType.split(";")[0]?.trim() ?? "";
  const before: Json = JSON.parse(JSON.stringify(node));
  let after: Json;
  try {
    if (type === "application/merge-patch+json") after = mergePatch(before, body);
    else if (type === "application/strategic-merge-patch+json") after = strategicMergePatch(before, body);
    else if (type === "application/json-patch+json") after = jsonPatch(before, body);
    else {
      return error(
        failure(
          415,
          `the body of the request was in an unknown format - accepted media types include: ${PATCH_TYPES.join(", ")}, application/apply-patch+yaml`,
        ),
      );
    }
  } catch (e) {
    if (e instanceof PatchError) return error(failure(e.code, e.message));
    throw e;
  }
  const resourceVersion = field(after, "metadata", "resourceVersion");
  if (resourceVersion !== undefined && resourceVersion !== node.metadata.resourceVersion) {
    return error(conflict("nodes", name));
  }
  if (field(after, "metadata", "name") !== name || field(after, "metadata", "uid") !== node.metadata.uid) {
    return error(failure(422, `Node "${name}" is invalid: metadata.name: Invalid value: field is immutable`));
  }
  const labels = stringMap(field(after, "metadata", "labels"));
  const annotations = stringMap(field(after, "metadata", "annotations"));
  const taints = taintList(field(after, "spec", "taints"));
  const unschedulable = field(after, "spec", "unschedulable");
  if (
    labels === false ||
    annotations === false ||
    taints === false ||
    (!["boolean", "undefined"].includes(typeof unschedulable) && unschedulable !== null)
  ) {
    return error(
      failure(
        422,
        `Node "${name}" is invalid: the patched object does not match the Node schema`,
        { name, kind: "Node" },
        "Invalid",
      ),
    );
  }
  if (JSON.stringify(after) === JSON.stringify(before)) return ok(copy(node));
  node.metadata.labels = labels ?? {};
  if (annotations === undefined) delete node.metadata.annotations;
  else node.metadata.annotations = annotations;
  if (taints === undefined || taints.length === 0) delete node.spec.taints;
  else
    node.spec.taints = taints.map((t) =>
      t.effect === "NoExecute" && t.timeAdded === undefined ? { ...t, timeAdded: iso(world) } : t,
    );
  if (unschedulable === true) node.spec.unschedulable = true;
  else delete node.spec.unschedulable;
  afterNodeChange(world, node);
  return ok(copy(node));
}

export function listPods(world: World, namespace: string | undefined, query: URLSearchParams): ApiResponse {
  const labels = selectorTerms(query.get("labelSelector"), "label selector");
  const fields = selectorTerms(query.get("fieldSelector"), "field selector");
  if (!isTerms(labels)) return error(labels);
  if (!isTerms(fields)) return error(fields);
  const fieldValue = (pod: (typeof pods)[number], k: string): string | undefined => {
    if (k === "spec.nodeName") return pod.spec.nodeName ?? "";
    if (k === "metadata.name") return pod.metadata.name;
    if (k === "metadata.namespace") return pod.metadata.namespace;
    if (k === "status.phase") return pod.status.phase;
    return undefined;
  };
  const pods = [...world.pods.values()];
  const selected = pods
    .filter((p) => namespace === undefined || p.metadata.namespace === namespace)
    .filter((p) => termsMatch(labels, (k) => p.metadata.labels?.[k]))
    .filter((p) => termsMatch(fields, (k) => fieldValue(p, k)))
    .sort((a, b) =>
      `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(
        `${b.metadata.namespace}/${b.metadata.name}`,
      ),
    );
  return listOf(world, "PodList", "v1", selected);
}

export function getPod(world: World, namespace: string, name: string): ApiResponse {
  const pod = world.pods.get(`${namespace}/${name}`);
  return pod === undefined ? error(notFound("pods", name)) : ok(copy(pod));
}

export function evict(world: World, namespace: string, name: string, body: Json): ApiResponse {
  const bodyName = field(body, "metadata", "name");
  if (bodyName !== undefined && bodyName !== name) {
    return error(failure(400, `name in URL does not match name in Eviction object`));
  }
  const refused = evictPod(world, namespace, name);
  if (refused !== undefined) return error(refused);
  return ok({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", code: 201 }, 201);
}

/** A budget with the status the disruption controller would have written by now. */
export function withStatus(world: World, pdb: PodDisruptionBudget): PodDisruptionBudget {
  const numbers = budgetNumbersFor(world, pdb.metadata.namespace, pdb.metadata.name);
  const out = copy(pdb);
  if (numbers === undefined) return out;
  const allowed = numbers.disruptionsAllowed > 0;
  out.status = {
    observedGeneration: pdb.metadata.generation ?? 1,
    ...numbers,
    conditions: [
      {
        type: "DisruptionAllowed",
        status: allowed ? "True" : "False",
        reason: allowed ? "SufficientPods" : "InsufficientPods",
        message: "",
        lastTransitionTime: pdb.metadata.creationTimestamp,
        observedGeneration: pdb.metadata.generation ?? 1,
      },
    ],
  };
  return out;
}

export function listPdbs(world: World, namespace: string | undefined): ApiResponse {
  const pdbs = [...world.pdbs.values()]
    .filter((p) => namespace === undefined || p.metadata.namespace === namespace)
    .map((p) => withStatus(world, p));
  return listOf(world, "PodDisruptionBudgetList", "policy/v1", pdbs);
}

export function getPdb(world: World, namespace: string, name: string): ApiResponse {
  const pdb = world.pdbs.get(`${namespace}/${name}`);
  return pdb === undefined
    ? error(notFound("poddisruptionbudgets", name, "policy"))
    : ok(withStatus(world, pdb));
}

/** An injected API error for this request, if one is armed. */
export function takeApiFault(world: World, method: string, path: string): ApiResponse | undefined {
  const fault = world.faults.apiErrors.find(
    (f) =>
      f.remaining > 0 && path.startsWith(f.pathPrefix) && (f.method === undefined || f.method === method),
  );
  if (fault === undefined) return undefined;
  fault.remaining -= 1;
  world.faults.apiErrors = world.faults.apiErrors.filter((f) => f.remaining > 0);
  if (fault.status === 429) {
    return {
      ...error(failure(429, "Too many requests, please try again later.", { retryAfterSeconds: 1 })),
      headers: { "retry-after": "1" },
    };
  }
  return error(failure(500, "Internal error occurred: simulated fault injected by the test"));
}
