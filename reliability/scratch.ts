import { driveRollout } from "./drive.js";

const r = await driveRollout({ workers: ["worker-1"], maxUnavailable: 1 });
console.log(r.steps, r.end.closed, r.stuck?.slice(0, 1200));
