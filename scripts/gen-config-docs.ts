// Generates the README's configuration reference from schemas/config.schema.json (and the schemas it
// refers to), between the `config-reference` markers. `--check` fails when the README is out of date.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

type Schema = {
  $ref?: string;
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  items?: Schema;
  oneOf?: Schema[];
  anyOf?: Schema[];
  definitions?: Record<string, Schema>;
};

const root = new URL("..", import.meta.url).pathname;
const load = async (file: string): Promise<Schema> =>
  JSON.parse(await readFile(join(root, "schemas", file), "utf8"));

async function resolve(schema: Schema, from: string, base: Schema): Promise<[Schema, string, Schema]> {
  if (schema.$ref === undefined) return [schema, from, base];
  const [file, pointer = ""] = schema.$ref.split("#");
  const doc = file ? await load(file) : base;
  let target: unknown = doc;
  for (const part of pointer.split("/").filter(Boolean)) target = (target as Record<string, unknown>)[part];
  const [resolved, at, within] = await resolve(target as Schema, file || from, doc);
  // The description nearest the field says what it is for; the one a $ref ends at, what such a value is.
  const description = schema.description ?? (target as Schema).description ?? resolved.description;
  return [{ ...resolved, ...(description === undefined ? {} : { description }) }, at, within];
}

/** Fields documented in a section of their own (the patch request) are not repeated in the table. */
const DOCUMENTED_ELSEWHERE = new Set(["patch-request.schema.json"]);

function typeOf(s: Schema): string {
  if (s.enum) return s.enum.map((v) => `\`${JSON.stringify(v)}\``).join(" \\| ");
  if (Array.isArray(s.type)) return s.type.join(" \\| ");
  if (s.type === "array" && s.items)
    return `list of ${s.items.type ?? (s.items.$ref ? "objects" : "values")}`;
  return s.type ?? (s.oneOf || s.anyOf ? "see description" : "");
}

/** What a list holds, in words: `strings`, `objects (below)`, `strings or objects (below)`. */
async function itemsOf(
  items: Schema,
  from: string,
  base: Schema,
): Promise<{ text: string; objects: [Schema, string, Schema][] }> {
  const [s, file, doc] = await resolve(items, from, base);
  const alternatives = s.oneOf ?? s.anyOf;
  const parts = alternatives
    ? await Promise.all(alternatives.map((a) => resolve(a, file, doc)))
    : [[s, file, doc] as [Schema, string, Schema]];
  const objects = parts.filter(([p]) => p.type === "object" && p.properties !== undefined);
  const words = parts.map(([p]) =>
    p.type === "object" && p.properties
      ? "objects (fields below)"
      : p.type === "string" && p.description
        ? `strings (${p.description.replace(/\.$/, "")})`
        : `${p.type ?? "value"}s`,
  );
  return { text: `list of ${words.join(" or ")}`, objects };
}

async function rows(schema: Schema, prefix: string, from: string, base: Schema): Promise<string[]> {
  const out: string[] = [];
  for (const [key, raw] of Object.entries(schema.properties ?? {})) {
    const [s, file, doc] = await resolve(raw, from, base);
    const name = `${prefix}${key}`;
    const def = s.default === undefined ? "" : `\`${JSON.stringify(s.default)}\``;
    // A description next to a $ref says what the field is for; the referenced one, what such a value is.
    const description = (s.description ?? "").replace(/\|/g, "\\|").replace(/\n/g, " ");
    if (s.type === "array" && s.items) {
      const items = await itemsOf(s.items, file, doc);
      out.push(`| \`${name}\` | ${items.text} | ${def} | ${description} |`);
      for (const [item, itemFile, itemDoc] of items.objects)
        out.push(...(await rows(item, `${name}[].`, itemFile, itemDoc)));
      continue;
    }
    out.push(`| \`${name}\` | ${typeOf(s)} | ${def} | ${description} |`);
    if (s.type === "object" && s.properties && !DOCUMENTED_ELSEWHERE.has(file))
      out.push(...(await rows(s, `${name}.`, file, doc)));
  }
  return out;
}

const config = await load("config.schema.json");
const table = [
  "| field | type | default | description |",
  "|---|---|---|---|",
  ...(await rows(config, "", "config.schema.json", config)),
].join("\n");
const readmePath = join(root, "README.md");
const readme = await readFile(readmePath, "utf8");
const start = "<!-- config-reference:start -->";
const end = "<!-- config-reference:end -->";
const from = readme.indexOf(start);
const to = readme.indexOf(end);
if (from === -1 || to === -1) throw new Error("README.md has no config-reference markers");
const next = `${readme.slice(0, from + start.length)}\n${table}\n${readme.slice(to)}`;
if (process.argv.includes("--check")) {
  if (next !== readme) {
    process.stderr.write("README.md's configuration reference is out of date: run `npm run gen:docs`\n");
    process.exit(1);
  }
} else await writeFile(readmePath, next);
