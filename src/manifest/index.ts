// The Machines manifest layer: parse, validate, and edit with minimal diffs.
export { formatDiagnostic, hasErrors, sortDiagnostics } from "./diagnostics.js";
export {
  addMachine,
  addMachineFromPool,
  clearTaints,
  type EditResult,
  removeMachine,
  setTaints,
} from "./edit.js";
export { applyEdits, applyEditsOneByOne, type BatchResult, type ManifestEdit } from "./edit-batch.js";
export { DEFAULT_LIMITS, type Limits } from "./limits.js";
export * from "./model.js";
export { type ParseOptions, type ParseResult, parseManifest, serializeManifest } from "./parse.js";
export { createManifestParseCache, type ManifestParseCache, type ManifestParser } from "./parse-cache.js";
