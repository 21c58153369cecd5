// `npm run reliability`: runs the named scenarios (all by default) in the local sandbox and prints a table of
// runs, passes, invariant violations and data lost, then what went wrong in each failed run.
//   tsx reliability/run.ts [--small [--named]] [--seeds N] [--ks 1,5,9] [--verbose] [scenario ...]
// --small: CI size; --named: with --small, crash at every named point; --verbose: failed runs in full.
import { parseArgs } from "node:util";
import type { RunResult } from "./outcome.js";
import { referenceRuns, SCENARIOS } from "./scenarios.js";
import { renderFailures, renderTable, summarize } from "./table.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    small: { type: "boolean", default: false },
    named: { type: "boolean", default: false },
    verbose: { type: "boolean", default: false },
    seeds: { type: "string" },
    ks: { type: "string" },
  },
});
const unknown = positionals.filter((p) => !SCENARIOS.some((s) => s.name === p));
if (unknown.length > 0) {
  console.error(`unknown scenario ${unknown.join(", ")}; known: ${SCENARIOS.map((s) => s.name).join(", ")}`);
  process.exit(2);
}
const chosen = positionals.length === 0 ? SCENARIOS : SCENARIOS.filter((s) => positionals.includes(s.name));
const options = {
  small: values.small,
  named: values.named,
  reference: referenceRuns(),
  ...(values.seeds ? { seeds: Number(values.seeds) } : {}),
  ...(values.ks ? { ks: values.ks.split(",").map(Number) } : {}),
};
const results: RunResult[] = [];
const started = Date.now();
for (const scenario of chosen) {
  console.error(`${scenario.name}: ${scenario.about}`);
  for await (const r of scenario.run(options)) {
    results.push(r);
    const secs = Math.round((Date.now() - started) / 1000);
    console.error(`  [${secs}s] ${r.label}: ${r.passed ? "passed" : "FAILED"}`);
  }
}
console.log(renderTable(summarize(results)));
const failures = renderFailures(results, values.verbose);
if (failures !== "") console.log(`\nFailed runs:\n${failures}`);
process.exit(results.every((r) => r.passed) ? 0 : 1);
