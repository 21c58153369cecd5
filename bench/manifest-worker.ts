// One measurement in a fresh process, so its peak memory is its own: `baseline` is a bare yaml round trip,
// `subject` is what the bot does with a manifest (parse + validate + 100 edits + serialize).
import { parseAllDocuments } from "yaml";
import {
  addMachine,
  clearTaints,
  type Manifest,
  parseManifest,
  removeMachine,
  serializeManifest,
  setTaints,
} from "../src/manifest/index.js";
import { address, generateManifest } from "./generate.js";

const [mode, pairsArg] = process.argv.slice(2);
const pairs = Number(pairsArg);
const text = generateManifest(pairs);

function subject(): string {
  const parsed = parseManifest(text, { file: "machines.yaml" });
  if (!parsed.ok) throw new Error("generated manifest is invalid");
  let m: Manifest = parsed.manifest;
  const step = (r: ReturnType<typeof setTaints>) => {
    if (!r.ok) throw new Error(r.diagnostics[0]?.message);
    m = r.manifest;
  };
  // 100 edits spread over the file: 25 of each kind the planner emits.
  for (let k = 0; k < 25; k++) {
    const target = m.machines[Math.floor(((k + 1) * pairs) / 27)]!.name;
    step(
      setTaints(m, target, [{ key: "node-patch-bot.dev/patching", value: "bench", effect: "NoSchedule" }]),
    );
    step(clearTaints(m, target));
    step(addMachine(m, { name: `spare-${k}`, role: "worker", privateAddress: address(pairs + k) }));
    step(removeMachine(m, m.machines[3 + k]!.name));
  }
  return serializeManifest(m);
}

function baseline(): string {
  return parseAllDocuments(text).map(String).join("");
}

const run = mode === "baseline" ? baseline : subject;
const t0 = performance.now();
const out = run();
const ms = performance.now() - t0;
process.stdout.write(
  JSON.stringify({
    ms,
    bytes: text.length,
    outBytes: out.length,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
