// The documents of a new machine pair, written from a template pair: conventions (labels, cluster name,
// namespace, version, quoting) copied, the new names and addresses set, comments and the bot's markers dropped.
import type { Document } from "yaml";
import { setScalar } from "./edit-text.js";
import type { MachinePair, NewMachine } from "./model.js";
import { type Templates, templateOf } from "./template-cache.js";

/** The two documents of a new pair, written from the template pair's documents (their current texts). */
export function newPairBodies(
  template: MachinePair,
  machineText: string,
  infraText: string,
  machine: NewMachine,
): { machine: string; infra: string } {
  const docs = newPairDocuments(template, machineText, infraText, machine);
  return { machine: String(docs.machine), infra: String(docs.infra) };
}

/** The two documents of a new pair; `templates` gives the template documents of texts a batch wrote. */
export function newPairDocuments(
  template: MachinePair,
  machineText: string,
  infraText: string,
  machine: NewMachine,
  templates?: Templates,
): { machine: Document; infra: Document } {
  const infraName = infraNameOf(template, machine);
  const mdoc = templateOf(templates, machineText);
  setScalar(mdoc, ["metadata", "name"], machine.name);
  setScalar(mdoc, ["spec", "infrastructureRef", "name"], infraName);
  mdoc.deleteIn(["metadata", "annotations"]);
  setOrAdd(mdoc, ["metadata", "labels", "set"], setLabelOf(template, machine));
  for (const [k, v] of Object.entries(machine.labels ?? {})) setOrAdd(mdoc, ["metadata", "labels", k], v);

  const idoc = templateOf(templates, infraText);
  setScalar(idoc, ["metadata", "name"], infraName);
  setScalar(idoc, ["spec", "private", "address"], machine.privateAddress);
  if (machine.privatePort !== undefined) setOrAdd(idoc, ["spec", "private", "port"], machine.privatePort);
  if (machine.publicAddress === undefined) idoc.deleteIn(["spec", "public"]);
  else {
    if (!setScalar(idoc, ["spec", "public", "address"], machine.publicAddress))
      // A node, not a plain object: the port is set or deleted inside it next.
      idoc.setIn(["spec", "public"], idoc.createNode({ address: machine.publicAddress }));
    if (machine.publicPort === undefined) idoc.deleteIn(["spec", "public", "port"]);
    else setOrAdd(idoc, ["spec", "public", "port"], machine.publicPort);
  }
  return { machine: mdoc, infra: idoc };
}

/**
 * setScalar, else a new scalar node there. A node, not the bare value setIn would keep: a batch reuses this
 * document as the next pair's template (template-cache.ts), whose setScalar must find a scalar here just as
 * it does in the document parsed from this one's text.
 */
function setOrAdd(doc: Document, path: string[], v: string | number): void {
  if (!setScalar(doc, path, v)) doc.setIn(path, doc.createNode(v));
}

/** The new pair's infrastructure name: given, or the template's convention (vagrant: `<machine>-provider`). */
export function infraNameOf(template: MachinePair, machine: NewMachine): string {
  const suffix = template.infraName.startsWith(template.name)
    ? template.infraName.slice(template.name.length)
    : "";
  return machine.infraName ?? `${machine.name}${suffix}`;
}

/** The `set` label of a new machine of the template's role. */
export function setLabelOf(template: MachinePair, machine: NewMachine): string {
  return machine.role === "control-plane" ? "master" : roleLabel(template);
}

function roleLabel(template: MachinePair): string {
  return template.role === "worker" && template.set !== undefined ? template.set : "worker";
}
