// Generates TypeScript types from the JSON Schemas in schemas/ (the single source of truth for each shape).
// `--check` fails when the committed types are out of date, so `npm run check` catches a schema edited alone.
import { readdir, readFile, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { compile } from "json-schema-to-typescript";

const root = new URL("..", import.meta.url).pathname;
const check = process.argv.includes("--check");
const stale: string[] = [];

for (const file of (await readdir(join(root, "schemas"))).filter((f) => f.endsWith(".schema.json")).sort()) {
  const schema = JSON.parse(await readFile(join(root, "schemas", file), "utf8"));
  const ts = await compile(schema, schema.title ?? basename(file), {
    bannerComment: `/* Generated from schemas/${file} by scripts/gen-types.ts. Do not edit. */`,
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
