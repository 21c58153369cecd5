// Generates TypeScript types from the JSON Schemas in schemas/ (the single source of truth for each shape).
// `--check` fails when the committed types are out of date, so `npm run check` catches a schema edited alone.
// A `$ref` to another schema file becomes an import of that file's generated type (not a copy of it), so
// each shape is declared once in src/generated.
import { readdir, readFile, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { compile, type JSONSchema } from "json-schema-to-typescript";

const root = new URL("..", import.meta.url).pathname;
const check = process.argv.includes("--check");
const stale: string[] = [];
const files = (await readdir(join(root, "schemas"))).filter((f) => f.endsWith(".schema.json")).sort();
const titles = new Map<string, string>();
for (const file of files) {
  const schema = JSON.parse(await readFile(join(root, "schemas", file), "utf8"));
  titles.set(file, schema.title ?? basename(file));
}

/** `windows.schema.json#/properties/windows` as a type expression, and the import it needs. */
function externalType(ref: string): { type: string; file: string; name: string } {
  const [file = "", fragment = ""] = ref.split("#");
  const name = titles.get(file);
  if (name === undefined) throw new Error(`$ref to an unknown schema file: ${ref}`);
  const property = /^\/properties\/([A-Za-z0-9_]+)$/.exec(fragment)?.[1];
  const definition = /^\/definitions\/([A-Za-z0-9_]+)$/.exec(fragment)?.[1];
  if (fragment === "") return { type: name, file, name };
  if (property !== undefined) return { type: `NonNullable<${name}["${property}"]>`, file, name };
  if (definition !== undefined) return { type: definition, file, name: definition };
  throw new Error(`unsupported $ref fragment: ${ref}`);
}

/** The schema with every `$ref` to another file replaced by a `tsType`, and the imports that needs. */
function externalize(node: unknown, imports: Map<string, Set<string>>): unknown {
  if (Array.isArray(node)) return node.map((n) => externalize(n, imports));
  if (typeof node !== "object" || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "$ref" && typeof value === "string" && !value.startsWith("#")) {
      const ext = externalType(value);
      const names = imports.get(ext.file) ?? new Set<string>();
      names.add(ext.name);
      imports.set(ext.file, names);
      out.tsType = ext.type;
    } else out[key] = externalize(value, imports);
  }
  return out;
}

for (const file of files) {
  const imports = new Map<string, Set<string>>();
  const schema = externalize(
    JSON.parse(await readFile(join(root, "schemas", file), "utf8")),
    imports,
  ) as JSONSchema;
  const banner = [
    `/* Generated from schemas/${file} by scripts/gen-types.ts. Do not edit. */`,
    ...[...imports].map(
      ([from, names]) =>
        `import type { ${[...names].sort().join(", ")} } from "./${from.replace(".schema.json", ".js")}";`,
    ),
  ].join("\n");
  const ts = await compile(schema, titles.get(file) ?? basename(file), {
    bannerComment: banner,
    additionalProperties: false,
    cwd: join(root, "schemas"),
    style: { printWidth: 110 },
    unreachableDefinitions: true,
  });
  const out = join(root, "src", "generated", file.replace(".schema.json", ".ts"));
  const current = await readFile(out, "utf8").catch(() => "");
  if (current === ts) continue;
  if (check) stale.push(out);
  else await writeFile(out, ts);
}
if (stale.length > 0) {
  process.stderr.write(`generated types are out of date, run \`npm run gen:types\`:\n${stale.join("\n")}\n`);
  process.exit(1);
}
