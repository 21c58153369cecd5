// A new pair written from a template the batch wrote itself, on text. The writer (template-cache.ts) puts
// each one-line scalar on its own `key: value` line and nothing else depends on the values, so setting
// short plain values changes exactly those values' characters: the new texts are the template's texts
// with them replaced, and the new plain values the template's with them set. Whenever the edits of
// newPairDocuments would do more than set existing scalars to such values (add or delete a key, quote a
// value), this gives up and the batch writes the pair from the document.
import { type BlockEntry, entryOf, scanBlock } from "./block-lines.js";
import type { MachinePair, NewMachine } from "./model.js";
import { infraNameOf, setLabelOf } from "./new-pair.js";
import { isSafePlain, type Kept } from "./template-cache.js";

type Path = readonly string[];
type Value = string | number;

/** The new pair's texts and values, or undefined when the document has to write it. */
export function writeBySlots(
  template: MachinePair,
  machineDoc: Kept,
  infraDoc: Kept,
  machine: NewMachine,
): { machine: Kept; infra: Kept } | undefined {
  const infraName = infraNameOf(template, machine);
  const m = new SlotEdit(machineDoc);
  m.setIfScalar(["metadata", "name"], machine.name);
  m.setIfScalar(["spec", "infrastructureRef", "name"], infraName);
  m.mustBeAbsent(["metadata", "annotations"]);
  m.setExisting(["metadata", "labels", "set"], setLabelOf(template, machine));
  for (const [k, v] of Object.entries(machine.labels ?? {})) m.setExisting(["metadata", "labels", k], v);

  const i = new SlotEdit(infraDoc);
  i.setIfScalar(["metadata", "name"], infraName);
  i.setIfScalar(["spec", "private", "address"], machine.privateAddress);
  if (machine.privatePort !== undefined) i.setExisting(["spec", "private", "port"], machine.privatePort);
  if (machine.publicAddress === undefined) i.mustBeAbsent(["spec", "public"]);
  else {
    i.setExisting(["spec", "public", "address"], machine.publicAddress);
    if (machine.publicPort === undefined) i.mustBeAbsent(["spec", "public", "port"]);
    else i.setExisting(["spec", "public", "port"], machine.publicPort);
  }
  const mk = m.result();
  const ik = i.result();
  return mk && ik ? { machine: mk, infra: ik } : undefined;
}

/** The edits of one document, as replacements of scalar characters; `failed` once one cannot be made so. */
class SlotEdit {
  private readonly scan: BlockEntry[] | undefined;
  private readonly replacements: { start: number; end: number; text: string }[] = [];
  private value: Record<string, unknown>;
  private failed: boolean;

  constructor(private readonly kept: Kept) {
    this.scan = scanBlock(kept.body)?.children;
    this.value = kept.value;
    this.failed = this.scan === undefined;
  }

  /** setScalar: sets the value when the path holds a scalar, else changes nothing. */
  setIfScalar(path: Path, v: Value): void {
    const e = this.find(path);
    if (e === "none") return;
    if (e === undefined || e.value === "flow" || (e.value === "none" && e.children.length > 0)) return;
    this.set(e, path, v);
  }

  /** setScalar that falls back to setIn: only the case where the scalar exists is a text replacement. */
  setExisting(path: Path, v: Value): void {
    const e = this.find(path);
    if (e === "none" || e === undefined || e.value !== "scalar") this.failed = true;
    else this.set(e, path, v);
  }

  /** deleteIn: only the case where there is nothing to delete (in a mapping that is there) leaves the text as it is. */
  mustBeAbsent(path: Path): void {
    const parent = path.length > 1 ? this.find(path.slice(0, -1)) : undefined;
    const inMapping = path.length === 1 || (typeof parent === "object" && parent.children.length > 0);
    if (!inMapping || this.find(path) !== undefined) this.failed = true;
  }

  result(): Kept | undefined {
    if (this.failed) return undefined;
    let body = this.kept.body;
    for (const r of [...this.replacements].sort((a, b) => b.start - a.start))
      body = body.slice(0, r.start) + r.text + body.slice(r.end);
    return { body, value: this.value };
  }

  /** The entry at `path`; undefined when absent, "none" when the path runs through a non-mapping (or the scan failed). */
  private find(path: Path): BlockEntry | undefined | "none" {
    if (this.scan === undefined) return "none";
    let entries: readonly BlockEntry[] = this.scan;
    let e: BlockEntry | undefined;
    for (const [n, key] of path.entries()) {
      e = entryOf(entries, key);
      if (e === undefined) return undefined;
      if (n < path.length - 1) {
        if (e.value !== "none" || e.children.length === 0) {
          // Through a scalar or a flow collection: the parser's getIn finds nothing there either, but
          // deleteIn would throw; leave such documents to it.
          this.failed = true;
          return "none";
        }
        entries = e.children;
      }
    }
    return e;
  }

  private set(e: BlockEntry, path: Path, v: Value): void {
    const old = this.kept.body.slice(e.valueStart, e.valueEnd);
    const quote = old.startsWith("'") || old.startsWith('"') ? old[0]! : "";
    const ok = typeof v === "number" ? quote === "" && Number.isSafeInteger(v) && v >= 0 : isSafePlain(v);
    if (!ok || e.value !== "scalar") {
      this.failed = true;
      return;
    }
    // A later edit of the same scalar (a `set` label given again) wins, as it does on the document.
    const text = `${quote}${v}${quote}`;
    const same = this.replacements.find((r) => r.start === e.valueStart);
    if (same !== undefined) same.text = text;
    else this.replacements.push({ start: e.valueStart, end: e.valueEnd, text });
    this.value = setPath(this.value, path, v);
  }
}

/** `obj` with `path` set to `v`, copying only the objects along the path. */
function setPath(obj: Record<string, unknown>, path: Path, v: Value): Record<string, unknown> {
  const [key, ...rest] = path;
  if (key === undefined) return obj;
  const inner = obj[key];
  const next =
    rest.length === 0
      ? v
      : setPath(
          typeof inner === "object" && inner !== null ? (inner as Record<string, unknown>) : {},
          rest,
          v,
        );
  return { ...obj, [key]: next };
}
