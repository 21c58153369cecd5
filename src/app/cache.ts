// What the app may remember between events without becoming stateful: facts that cannot change (a file's text
// at a commit sha), compiled validators, answers to re-ask conditionally (ETags), and the installation
// listing for a few minutes. Losing it costs only REST calls; nothing here is ever the source of truth.
import { type ConditionalStore, createConditionalStore } from "../github/conditional.js";
import { type GitHubPort, isCommitSha } from "../github/port.js";
import { createShapeChecker, type ShapeChecker } from "../github/rest-shapes.js";
import { createManifestParseCache, type ManifestParseCache } from "../manifest/index.js";
import { compileConfigValidator, compileRequestValidator } from "../plan/schemas.js";

export interface AppCache {
  /** File texts by `owner/repo@sha:path`; only full commit shas are keys, so an entry never goes stale. */
  files: Map<string, { text: string; sha: string } | undefined>;
  validateConfig: ReturnType<typeof compileConfigValidator>;
  /** GitHub's answers' validators, for every port the app makes (one per event). */
  shapes: ShapeChecker;
  validateRequest: ReturnType<typeof compileRequestValidator>;
  /** The last few manifests parsed, by text and options (a parse is pure, a Manifest immutable). */
  manifests: ManifestParseCache;
  /** ETags and the answers they stand for: polled GETs are asked conditionally (a 304 is free). */
  conditional: ConditionalStore;
  /** The timer's installation listing and when it was taken (ms, the app's clock). */
  installations?: { at: number; repos: InstallationRepo[] };
}

export interface InstallationRepo {
  installationId: number;
  owner: string;
  name: string;
  fullName: string;
  cloneUrl: string;
  defaultBranch: string;
}

const MAX_FILES = 64;

export function createAppCache(): AppCache {
  return {
    files: new Map(),
    validateConfig: compileConfigValidator(),
    shapes: createShapeChecker(),
    validateRequest: compileRequestValidator(),
    manifests: createManifestParseCache(),
    conditional: createConditionalStore(),
  };
}

/** The port with reads of immutable content (a path at a commit sha) served from the cache. */
export function withFileCache(port: GitHubPort, cache: AppCache, defaultBranch?: string): GitHubPort {
  const prefix = `${port.repo.owner}/${port.repo.repo}@`;
  return {
    ...port,
    defaultBranch: defaultBranch === undefined ? port.defaultBranch : async () => defaultBranch,
    async readFile(path, ref, how) {
      if (!isCommitSha(ref)) return port.readFile(path, ref, how);
      const key = `${prefix}${ref}:${path}`;
      if (cache.files.has(key)) return cache.files.get(key);
      const file = await port.readFile(path, ref, how);
      if (cache.files.size >= MAX_FILES) {
        const oldest = cache.files.keys().next().value;
        if (oldest !== undefined) cache.files.delete(oldest);
      }
      cache.files.set(key, file);
      return file;
    },
  };
}
