// Public surface of the GitHub stand-in.
export type { RecordedExchange } from "./dispatch.js";
export type { FaultHandle, FaultKind, FaultSpec } from "./faults.js";
export type { CreateRepoOptions, SeedApi, SeededRepo } from "./seed.js";
export { createGitHubStandIn, type GitHubStandIn, type GitHubStandInOptions } from "./stand-in.js";
export type { AppInfo, Permission, RepoRecord } from "./state.js";
export {
  type DeliveryAttempt,
  sign,
  type WebhookDelivery,
  type WebhookOptions,
  type Webhooks,
} from "./webhooks.js";
