// The planner's public surface: read a request and the config, plan, render.

export type { RepositoryConfig } from "../generated/config.js";
export type { PatchRequest, Replacement, Selection, Target } from "../generated/patch-request.js";
export type {
  Budget,
  Capacity,
  Counts,
  Gate,
  NewMachine as PlannedMachine,
  Phase,
  Plan,
  Role,
  Wave,
} from "../generated/plan.js";
export { minAvailableMasters, resolveIntOrPercent } from "./budget.js";
export { isKubernetesPackage } from "./checks.js";
export { type ConfigResult, type PlannerConfig, parseRepositoryConfig, plannerConfig } from "./config.js";
export { branchName } from "./describe.js";
export {
  applyPhase,
  type PhaseState,
  type PhaseText,
  type PhaseTextOptions,
  type PhaseTextsResult,
  renderPhaseTexts,
} from "./phase-texts.js";
export { type PlanInput, type PlanResult, planRollout } from "./planner.js";
export {
  type PlanSources,
  type PreparedPlan,
  preparePlan,
  refusalDiagnostic,
  type SourceFile,
} from "./prepare.js";
export type { Refusal } from "./refusal.js";
export { type MarkdownOptions, renderPlanJson, renderPlanMarkdown, renderPlanMermaid } from "./render.js";
export { parsePatchRequest, type RequestResult, validatePatchRequest } from "./request.js";
export { canonicalJson, rolloutId } from "./rollout-id.js";
export { compilePlanValidator } from "./schemas.js";
export type { PhaseKind } from "./waves.js";
export { readYamlInput, type YamlInput } from "./yaml-input.js";
