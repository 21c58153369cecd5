// Agent mode: the in-cluster agent that actuates phases and publishes gate verdicts as commit statuses.
export { type LoopOptions, runAgent } from "./loop.js";
export { type ServedTaints, withServedTaints } from "./machine-taints.js";
export { type AgentDeps, type AgentOptions, type AgentReport, runAgentOnce } from "./run-once.js";
export {
  agentContext,
  blockedStatus,
  firstPassedFrom,
  readAgentStatus,
  reportedBlockers,
  sameStatus,
  statusFor,
  statusPrefix,
  trustedAgentLogins,
  trustedAgentStatus,
} from "./status.js";
