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
  return resolve(target as Schema, file || from, doc);
}

function typeOf(s: Schema): string {
  if (s.enum) return s.enum.map((v) => `\`${JSON.stringify(v)}\``).join(" \\| ");
  if (Array.isArray(s.type)) return s.type.join(" \\| ");
  if (s.type === "array" && s.items)
    return `list of ${s.items.type ?? (s.items.$ref ? "objects" : "values")}`;
  return s.type ?? (s.oneOf || s.anyOf ? "see description" : "");
}

async function rows(schema: Schema, prefix: string, from: string, base: Schema): Promise<string[]> {
  const out: string[] = [];
  for (const [key, raw] of Object.entries(schema.properties ?? {})) {
    const [s, file, doc] = await resolve(raw, from, base);
    const name = `${prefix}${key}`;
    const def = s.default === undefined ? "" : `\`${JSON.stringify(s.default)}\``;
    const description = (s.description ?? "").replace(/\|/g, "\\|").replace(/\n/g, " ");
    out.push(`| \`${name}\` | ${typeOf(s)} | ${def} | ${description} |`);
    if (s.type === "object" && s.properties) out.push(...(await rows(s, `${name}.`, file, doc)));
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
