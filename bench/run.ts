// `npm run bench`: every benchmark, each printed as a table of ratios against a baseline measured in the same run.
import { benchApp } from "./app.bench.js";
import { benchManifest } from "./manifest.bench.js";
import { benchPlan } from "./plan.bench.js";
import { formatTable } from "./types.js";

const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.includes(name);

if (want("manifest")) console.log(`${formatTable("Machines manifest (issue 2)", benchManifest())}\n`);
if (want("plan")) console.log(`${formatTable("Rollout planner (issue 3)", await benchPlan())}\n`);
if (want("app")) console.log(`${formatTable("The app in the sandbox (issue 6)", await benchApp())}\n`);
