// The decisions the single edits and the batch share, so both take them the same way: the annotation edit
// for a taint list, the fields derived after it, the identity an annotation edit must keep, and the cheap
// checks an added pair passes without the full validator.
import { pending } from "./chunk-text.js";
import { removeAnnotation, setAnnotation, type TextEdit, taintScalar } from "./edit-text.js";
import { DEFAULT_LIMITS } from "./limits.js";
import type { Chunk, InfraDoc, MachineDoc, MachinePair, Manifest, Taint } from "./model.js";
import { validateTaints } from "./schema.js";

/** The text edit recording `taints` on a Machine document (an empty list removes the annotation). */
export function taintEdit(
  m: Pick<Manifest, "taintAnnotation" | "lineEnding">,
  taints: readonly Taint[],
): (text: string) => TextEdit {
  if (taints.length === 0) return (text) => removeAnnotation(text, m.taintAnnotation);
  return (text) => setAnnotation(text, m.taintAnnotation, taintScalar(taints), m.lineEnding);
}

/**
 * The Machine chunk after an annotation-only edit of the bot's taints, derived without parsing the document
 * again: the edit changed exactly that annotation, so every other field is as it was. Undefined (re-read the
 * document instead) when the taints would not pass the annotation's schema.
 */
export function annotatedChunk(
  before: MachineDoc,
  text: string,
  key: string,
  taints: readonly Taint[],
): Chunk | undefined {
  const normalized = taints.map((t) =>
    t.value === undefined
      ? { key: t.key, effect: t.effect }
      : { key: t.key, value: t.value, effect: t.effect },
  );
  if (!validateTaints(normalized)) return undefined;
  const { [key]: _old, ...others } = before.annotations;
  const annotations = normalized.length > 0 ? { ...others, [key]: JSON.stringify(normalized) } : others;
  const doc: MachineDoc = { ...before, annotations, taints: normalized };
  return { text, kind: "Machine", lineBreaks: pending(text).lineBreaks, doc };
}

export function sameIdentity(a: MachineDoc, b: MachineDoc): boolean {
  const keys = [
    "name",
    "namespace",
    "set",
    "clusterName",
    "clusterNameLabel",
    "version",
    "infraRefName",
  ] as const;
  return keys.every((k) => a[k] === b[k]) && JSON.stringify(a.labels) === JSON.stringify(b.labels);
}

export function readContext(m: Manifest, startLine: number) {
  return { file: m.file, startLine, taintAnnotation: m.taintAnnotation, limits: DEFAULT_LIMITS };
}

/**
 * The cheap checks of one added pair against the machines it joins: `reference` is their first machine and
 * `taken` says whether its name, infrastructure name or private address is already used.
 */
export function addedPairFits(
  p: MachinePair,
  doc: MachineDoc | InfraDoc | undefined,
  reference: MachinePair | undefined,
  taken: (p: MachinePair) => boolean,
): boolean {
  if (doc?.kind !== "Machine" || doc.infraRefName !== p.infraName) return false;
  if (
    reference &&
    (p.version !== reference.version ||
      (p.clusterName ?? p.clusterNameLabel) !== (reference.clusterName ?? reference.clusterNameLabel))
  )
    return false;
  if (p.clusterName !== undefined && p.clusterNameLabel !== undefined && p.clusterName !== p.clusterNameLabel)
    return false;
  return !taken(p);
}
