// The three patch formats `PATCH` accepts for the fields the bot touches: JSON merge patch (RFC 7386),
// strategic merge patch (the same for these fields: Node taints carry no merge key, so lists are replaced),
// and JSON patch (RFC 6902).

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export class PatchError extends Error {
  constructor(
    message: string,
    readonly code: 400 | 422,
  ) {
    super(message);
  }
}

function isObject(value: unknown): value is { [key: string]: Json } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function mergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return patch;
  const result: { [key: string]: Json } = isObject(target) ? { ...target } : {};
  for (const [name, value] of Object.entries(patch)) {
    if (value === null) delete result[name];
    else result[name] = mergePatch(result[name] ?? null, value);
  }
  return result;
}

export function strategicMergePatch(target: Json, patch: Json): Json {
  if (isObject(patch) && Object.keys(patch).some((k) => k.startsWith("$"))) {
    throw new PatchError("strategic merge patch directives are not supported by the simulated cluster", 400);
  }
  if (!isObject(patch)) return patch;
  const result: { [key: string]: Json } = isObject(target) ? { ...target } : {};
  for (const [name, value] of Object.entries(patch)) {
    if (value === null) delete result[name];
    else result[name] = strategicMergePatch(result[name] ?? null, value);
  }
  return result;
}

function pointer(path: string): string[] {
  if (path === "") return [];
  if (!path.startsWith("/")) throw new PatchError(`invalid JSON pointer ${JSON.stringify(path)}`, 400);
  return path
    .slice(1)
    .split("/")
    .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"));
}

function parentOf(root: Json, tokens: string[]): { parent: Json; last: string } {
  let parent: Json = root;
  for (const token of tokens.slice(0, -1)) {
    const next: Json | undefined = Array.isArray(parent)
      ? parent[Number(token)]
      : isObject(parent)
        ? parent[token]
        : undefined;
    if (next === undefined) throw new PatchError(`doc is missing path: ${tokens.join("/")}`, 422);
    parent = next;
  }
  return { parent, last: tokens[tokens.length - 1] ?? "" };
}

function get(root: Json, path: string): Json {
  let value: Json | undefined = root;
  for (const token of pointer(path)) {
    value = Array.isArray(value) ? value[Number(token)] : isObject(value) ? value[token] : undefined;
    if (value === undefined) throw new PatchError(`doc is missing path: ${path}`, 422);
  }
  return value;
}

function put(root: Json, path: string, value: Json, insert: boolean): Json {
  const tokens = pointer(path);
  if (tokens.length === 0) return value;
  const { parent, last } = parentOf(root, tokens);
  if (Array.isArray(parent)) {
    const index = last === "-" ? parent.length : Number(last);
    if (!Number.isInteger(index) || index < 0 || index > parent.length) {
      throw new PatchError(`index out of bounds: ${path}`, 422);
    }
    parent.splice(index, insert ? 0 : 1, value);
  } else if (isObject(parent)) {
    if (!insert && !(last in parent)) throw new PatchError(`doc is missing key: ${path}`, 422);
    parent[last] = value;
  } else throw new PatchError(`doc is missing path: ${path}`, 422);
  return root;
}

function remove(root: Json, path: string): Json {
  const tokens = pointer(path);
  const { parent, last } = parentOf(root, tokens);
  if (Array.isArray(parent) && Number(last) < parent.length) parent.splice(Number(last), 1);
  else if (isObject(parent) && last in parent) delete parent[last];
  else throw new PatchError(`unable to remove nonexistent key: ${path}`, 422);
  return root;
}

export function jsonPatch(target: Json, operations: Json): Json {
  if (!Array.isArray(operations)) throw new PatchError("a JSON patch must be a list of operations", 400);
  let doc: Json = structuredClone(target);
  for (const operation of operations) {
    if (!isObject(operation) || typeof operation.op !== "string" || typeof operation.path !== "string") {
      throw new PatchError("invalid JSON patch operation", 400);
    }
    const { op, path } = operation;
    const from = typeof operation.from === "string" ? operation.from : "";
    const value = operation.value ?? null;
    switch (op) {
      case "add":
        doc = put(doc, path, structuredClone(value), true);
        break;
      case "replace":
        doc = put(doc, path, structuredClone(value), false);
        break;
      case "remove":
        doc = remove(doc, path);
        break;
      case "test":
        if (JSON.stringify(get(doc, path)) !== JSON.stringify(value)) {
          throw new PatchError(`testing value ${path} failed`, 422);
        }
        break;
      case "copy":
        doc = put(doc, path, structuredClone(get(doc, from)), true);
        break;
      case "move": {
        const moved = get(doc, from);
        doc = put(remove(doc, from), path, moved, true);
        break;
      }
      default:
        throw new PatchError(`unexpected kind of JSON patch operation: ${op}`, 400);
    }
  }
  return doc;
}
