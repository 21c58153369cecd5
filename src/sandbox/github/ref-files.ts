// Refs read straight from a bare repository's files (loose refs under refs/, then packed-refs), as git itself
// reads them: the stand-in looks up a branch on almost every request, and a git process per look-up costs
// tens of milliseconds on a busy machine. Anything unusual (a symbolic ref, a pattern, an unreadable file, a
// repository not in the files format) answers `undefined`, and the caller asks git.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

const SHA = /^[0-9a-f]{40}$/;
/** A ref name that is a plain path under refs/ (no revision syntax, patterns or dot segments). */
const PLAIN_REF = /^refs\/(?:[A-Za-z0-9_@+-][A-Za-z0-9._@+-]*\/)*[A-Za-z0-9_@+-][A-Za-z0-9._@+-]*$/;

/** The sha `ref` points at, null when there is no such ref, undefined when git must be asked. */
export async function readRefFile(gitDir: string, ref: string): Promise<string | null | undefined> {
  if (!PLAIN_REF.test(ref) || ref.includes("..") || ref.endsWith(".lock")) return undefined;
  const loose = await readLoose(gitDir, ref);
  if (loose !== null) return loose;
  const packed = await readPacked(gitDir);
  return packed === undefined ? undefined : (packed.get(ref) ?? null);
}

/**
 * Every ref whose name is `prefix` or lies under it (for-each-ref's matching of a pattern without wildcards),
 * sorted by name as for-each-ref sorts them; undefined when git must be asked.
 */
export async function readRefFiles(gitDir: string, prefix: string): Promise<Map<string, string> | undefined> {
  if (!prefix.startsWith("refs/") || /[*?[\\]/.test(prefix) || prefix.includes("..")) return undefined;
  const packed = await readPacked(gitDir);
  if (packed === undefined) return undefined;
  const refs = new Map(packed);
  const names = await looseNames(gitDir, "refs");
  if (names === undefined) return undefined;
  for (const name of names) {
    const sha = await readLoose(gitDir, name);
    if (sha === undefined) return undefined;
    // A loose ref being deleted right now (its file gone): the packed value, if any, is the answer.
    if (sha !== null) refs.set(name, sha);
  }
  const under = prefix.endsWith("/") ? prefix : `${prefix}/`;
  const matching = [...refs].filter(([name]) => name === prefix || name.startsWith(under));
  matching.sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return new Map(matching);
}

/** A loose ref's sha; null when there is no file; undefined for anything else (a symbolic ref, an error). */
async function readLoose(gitDir: string, ref: string): Promise<string | null | undefined> {
  try {
    const text = (await readFile(join(gitDir, ref), "utf8")).trim();
    return SHA.test(text) ? text : undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === "ENOENT" || code === "ENOTDIR" || code === "EISDIR" ? null : undefined;
  }
}

/** packed-refs as a map (peeled `^` lines skipped); empty without the file; undefined when unreadable. */
async function readPacked(gitDir: string): Promise<Map<string, string> | undefined> {
  let text: string;
  try {
    text = await readFile(join(gitDir, "packed-refs"), "utf8");
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ENOENT" ? new Map() : undefined;
  }
  const refs = new Map<string, string>();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#") || line.startsWith("^")) continue;
    const [sha, name, ...rest] = line.split(" ");
    if (sha === undefined || name === undefined || rest.length > 0 || !SHA.test(sha)) return undefined;
    refs.set(name, sha);
  }
  return refs;
}

/** The names of the loose refs under `dir` (relative to gitDir), lock files left out. */
async function looseNames(gitDir: string, dir: string): Promise<string[] | undefined> {
  try {
    const entries = await readdir(join(gitDir, dir), { withFileTypes: true });
    const names: string[] = [];
    for (const entry of entries) {
      const name = `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        const inner = await looseNames(gitDir, name);
        if (inner === undefined) return undefined;
        names.push(...inner);
      } else if (entry.isFile() && !entry.name.endsWith(".lock")) names.push(name);
      else if (!entry.isFile()) return undefined;
    }
    return names;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ENOENT" ? [] : undefined;
  }
}
