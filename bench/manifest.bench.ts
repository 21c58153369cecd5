// Issue 2's benchmark: parse + validate + 100 edits + serialize against a bare yaml round trip of the same
// file, at 1,000 / 5,000 / 20,000 pairs, with peak memory.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { type BenchRow, median } from "./types.js";

interface Measure {
  ms: number;
  bytes: number;
  maxRssMb: number;
}

function measure(mode: "baseline" | "subject", pairs: number): Measure {
  const out = execFileSync(
    process.execPath,
    ["--import", "tsx", join(import.meta.dirname, "manifest-worker.ts"), mode, String(pairs)],
    { encoding: "utf8" },
  );
  return JSON.parse(out) as Measure;
}

export function benchManifest(sizes = [1000, 5000, 20000], repeats = 3): BenchRow[] {
  return sizes.map((pairs) => {
    const n = pairs >= 20000 ? 1 : repeats;
    const base: Measure[] = [];
    const subj: Measure[] = [];
    // Alternate the two so machine load affects both alike.
    for (let i = 0; i < n; i++) {
      base.push(measure("baseline", pairs));
      subj.push(measure("subject", pairs));
    }
    const baselineMs = median(base.map((m) => m.ms));
    const subjectMs = median(subj.map((m) => m.ms));
    const rss = Math.max(...subj.map((m) => m.maxRssMb));
    return {
      name: `manifest ${pairs} pairs (${((base[0]?.bytes ?? 0) / 1e6).toFixed(1)} MB): parse+validate+100 edits+serialize`,
      baselineMs,
      subjectMs,
      ratio: subjectMs / baselineMs,
      target: pairs === 5000 ? "<= 1.0x" : pairs === 20000 ? "peak RSS < 300 MB" : "",
      note: `peak RSS ${rss.toFixed(0)} MB (baseline ${Math.max(...base.map((m) => m.maxRssMb)).toFixed(0)} MB)`,
    };
  });
}
