// New machines for `replace`: listed in the request, or taken in order from the pool file. Every name and
// private address is checked against the manifest before anything is planned: a reused address would send
// the WKS controller down its repave path instead of creating a machine.

import type { PatchRequest } from "../generated/patch-request.js";
import type { NewMachine } from "../generated/plan.js";
import type { MachinePair, Manifest } from "../manifest/model.js";
import { type Refusal, refusal } from "./refusal.js";

export type ReplacementsResult =
  | { ok: true; replacements: NewMachine[] }
  | { ok: false; refusals: Refusal[] };

/** `rolling` are the selected machines in the order they roll; replacement i takes the place of rolling[i]. */
export function chooseReplacements(
  manifest: Manifest,
  request: PatchRequest,
  rolling: readonly MachinePair[],
  pool: Manifest | undefined,
  poolPath: string | undefined,
): ReplacementsResult {
  const listed = request.replacements;
  if (listed !== undefined) {
    if (listed.length !== rolling.length) {
      const few = listed.length < rolling.length;
      return {
        ok: false,
        refusals: [
          refusal(
            few ? "too-few-replacements" : "too-many-replacements",
            `${listed.length} replacement${listed.length === 1 ? "" : "s"} for ${rolling.length} selected machine${rolling.length === 1 ? "" : "s"}`,
            few
              ? `list ${rolling.length - listed.length} more in replacements, or select fewer machines`
              : "list exactly one replacement per selected machine, in the order they roll (control plane first)",
            { path: ["replacements"] },
          ),
        ],
      };
    }
    const news = listed.map((r, i): NewMachine => {
      const old = rolling[i] as MachinePair;
      const n: NewMachine = {
        name: r.name,
        role: old.role,
        privateAddress: r.privateAddress,
        source: "request",
      };
      if (r.privatePort !== undefined) n.privatePort = r.privatePort;
      if (r.publicAddress !== undefined) n.publicAddress = r.publicAddress;
      if (r.publicPort !== undefined) n.publicPort = r.publicPort;
      n.replaces = old.name;
      return n;
    });
    const refusals = collisions(manifest, news, (i, field) => ["replacements", i, field]);
    return refusals.length > 0 ? { ok: false, refusals } : { ok: true, replacements: news };
  }
  if (pool === undefined) {
    return {
      ok: false,
      refusals: [
        refusal(
          "no-replacements",
          "a replace request needs new machines, and none are listed and no pool is configured",
          "list them in replacements ({name, privateAddress}), or set poolPath in .github/node-patch-bot.yml",
          { path: ["strategy"] },
        ),
      ],
    };
  }
  if (pool.machines.length < rolling.length) {
    return {
      ok: false,
      refusals: [
        refusal(
          "too-few-replacements",
          `the pool ${poolPath ?? pool.file} has ${pool.machines.length} spare machine${pool.machines.length === 1 ? "" : "s"} for ${rolling.length} selected`,
          "provision more spares in the pool, list replacements in the request, or select fewer machines",
          { path: ["machines"] },
        ),
      ],
    };
  }
  const news = rolling.map((old, i): NewMachine => {
    // A spare takes the role of the machine it replaces; the add edit copies that role's conventions.
    const spare = pool.machines[i] as MachinePair;
    const n: NewMachine = {
      name: spare.name,
      role: old.role,
      privateAddress: spare.private.address,
      source: "pool",
    };
    if (spare.infraName !== spare.name) n.infraName = spare.infraName;
    if (spare.private.port !== undefined) n.privatePort = spare.private.port;
    if (spare.public !== undefined) {
      n.publicAddress = spare.public.address;
      if (spare.public.port !== undefined) n.publicPort = spare.public.port;
    }
    n.replaces = old.name;
    return n;
  });
  const refusals = collisions(manifest, news, () => ["machines"]).map((r) => ({
    ...r,
    message: `pool ${poolPath ?? pool.file}: ${r.message}`,
  }));
  return refusals.length > 0 ? { ok: false, refusals } : { ok: true, replacements: news };
}

function collisions(
  manifest: Manifest,
  news: readonly NewMachine[],
  pathOf: (i: number, field: "name" | "privateAddress") => (string | number)[],
): Refusal[] {
  const names = new Map<string, string>();
  const addresses = new Map<string, string>();
  for (const m of manifest.machines) {
    names.set(m.name, `machine ${m.name} in ${manifest.file}`);
    names.set(m.infraName, `machine ${m.name} in ${manifest.file}`);
    addresses.set(m.private.address, `machine ${m.name} in ${manifest.file}`);
  }
  const out: Refusal[] = [];
  for (const [i, n] of news.entries()) {
    const nameOwner = names.get(n.name) ?? (n.infraName === undefined ? undefined : names.get(n.infraName));
    if (nameOwner !== undefined) {
      out.push(
        refusal(
          "name-in-use",
          `name "${n.name}" is already used by ${nameOwner}`,
          "give the new machine a name no machine has",
          {
            path: pathOf(i, "name"),
          },
        ),
      );
    }
    const addressOwner = addresses.get(n.privateAddress);
    if (addressOwner !== undefined) {
      out.push(
        refusal(
          "address-in-use",
          `private address ${n.privateAddress} of "${n.name}" is already used by ${addressOwner}`,
          "a new machine needs an address no registered node has (reusing one repaves instead of creating)",
          { path: pathOf(i, "privateAddress") },
        ),
      );
    }
    names.set(n.name, `replacement ${n.name}`);
    if (n.infraName !== undefined) names.set(n.infraName, `replacement ${n.name}`);
    addresses.set(n.privateAddress, `replacement ${n.name}`);
  }
  return out;
}
