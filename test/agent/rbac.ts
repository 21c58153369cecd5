// What Kubernetes' RBAC authorizer checks for a request (verb, API group, resource[/subresource]), computed
// from the request line as the API server does, and what a ClusterRole grants, as comparable strings.
export interface Grant {
  apiGroups?: string[];
  resources?: string[];
  verbs: string[];
}

/** `verb group/resource`, e.g. `list /pods`, `create /pods/eviction`, `list policy/poddisruptionbudgets`. */
export function requestAttributes(method: string, url: string): string {
  const path = url.split("?")[0] ?? "";
  const core = /^\/api\/v1\/(.*)$/.exec(path);
  const named = /^\/apis\/([^/]+)\/[^/]+\/(.*)$/.exec(path);
  const group = core ? "" : (named?.[1] ?? "?");
  const rest = (core?.[1] ?? named?.[2] ?? "").split("/").filter((s) => s !== "");
  // namespaces/<ns>/<resource>[/<name>[/<subresource>]] or <resource>[/<name>[/<subresource>]]
  const parts = rest[0] === "namespaces" && rest.length > 2 ? rest.slice(2) : rest;
  const [resource = "?", name, subresource] = parts;
  const verbs: Record<string, string> = {
    GET: name === undefined ? "list" : "get",
    POST: "create",
    PATCH: "patch",
    PUT: "update",
    DELETE: name === undefined ? "deletecollection" : "delete",
  };
  const full = subresource === undefined ? resource : `${resource}/${subresource}`;
  return `${verbs[method] ?? method} ${group}/${full}`;
}

export function grantedAttributes(rules: readonly Grant[]): string[] {
  return rules
    .flatMap((r) =>
      (r.apiGroups ?? []).flatMap((g) =>
        (r.resources ?? []).flatMap((res) => r.verbs.map((v) => `${v} ${g}/${res}`)),
      ),
    )
    .sort();
}
