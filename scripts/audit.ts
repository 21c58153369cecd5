// `npm run audit`: `npm audit` of the production dependencies, failing on any high or critical advisory
// (see audit-report.ts for what counts).
import { spawnSync } from "node:child_process";
import { type AuditReport, judgeAudit } from "./audit-report.js";

const run = spawnSync("npm", ["audit", "--omit=dev", "--json"], { encoding: "utf8" });
let report: AuditReport;
try {
  report = JSON.parse(run.stdout || "{}") as AuditReport;
} catch {
  console.error(`npm audit printed no report (exit ${run.status}):\n${run.stderr}`);
  process.exit(1);
}
const verdict = judgeAudit(report);
(verdict.exitCode === 0 ? console.log : console.error)(verdict.text);
process.exit(verdict.exitCode);
