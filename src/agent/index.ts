// Agent mode: the in-cluster agent that actuates phases and publishes gate verdicts as commit statuses.
export { type LoopOptions, runAgent } from "./loop.js";
export { type AgentDeps, type AgentOptions, type AgentReport, runAgentOnce } from "./run-once.js";
export {
  agentContext,
  blockedStatus,
  firstPassedFrom,
  readAgentStatus,
  sameStatus,
  statusFor,
  statusPrefix,
} from "./status.js";
