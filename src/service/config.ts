// Loads and validates the repository config. An invalid config opens (or updates) one issue titled
// "node-patch-bot: configuration error" listing the exact problems, and no rollout starts until it is fixed.
import type { RepositoryConfig } from "../generated/config.js";
import type { ReadOptions } from "../github/port.js";
import { compileConfigValidator } from "../plan/schemas.js";
import { timeConfigProblems } from "../schedule/scheduled-requests.js";
import { CONFIG_ERROR_LABEL, CONFIG_ERROR_TITLE, CONFIG_PATH, type FlowDeps } from "./deps.js";
import { runOnboarding } from "./onboarding.js";

export type LoadedConfig =
  | {
      ok: true;
      config: RepositoryConfig;
      manifestPath: string;
      /** This load closed the configuration error issue: requests refused meanwhile can be planned now. */
      fixed?: boolean;
    }
  | {
      ok: false;
      problems: string[];
      /** No config yet: the onboarding pull request that adds it (nothing else happens until it is merged). */
      onboarding?: { number: number; htmlUrl: string; state: "open" | "closed" };
    };

export async function loadRepositoryConfig(deps: FlowDeps): Promise<LoadedConfig> {
  let raw: unknown;
  try {
    raw = await deps.loadConfig();
  } catch (e) {
    // GitHub failing to answer (5xx, a rate limit, a dropped connection) says nothing about the file: the
    // flow fails and the next event or tick reads it again. Only a file that cannot be parsed is reported.
    if (isTransient(e)) throw e;
    return reportConfigError(deps, [`${CONFIG_PATH} could not be read: ${(e as Error).message}`]);
  }
  // No config: a repository with a Machines manifest is asked to merge one first (the onboarding pull
  // request) and nothing else happens there until it does; any other repository runs on the defaults.
  if (raw === null || raw === undefined) {
    const onboarding = await runOnboarding(deps, { config: raw });
    if (onboarding.status === "opened" || onboarding.status === "asked")
      return { ok: false, problems: [], onboarding: onboarding.pull };
    raw = {};
  }
  const validate = deps.validateConfig ?? compileConfigValidator();
  if (!validate(raw)) {
    const problems = (validate.errors ?? []).map(
      (e) =>
        `\`${e.instancePath.replace(/^\//, "").replace(/\//g, ".") || "(top level)"}\` ${e.message ?? "is invalid"}${e.params && "additionalProperty" in e.params ? `: \`${String(e.params.additionalProperty)}\`` : ""}`,
    );
    return reportConfigError(deps, problems);
  }
  const config = raw;
  // Cron fields, time zones and dates: a schema cannot check them, and a bad one must stop nothing silently.
  const timeProblems = timeConfigProblems(config);
  if (timeProblems.length > 0) return reportConfigError(deps, timeProblems);
  const fixed = await closeConfigError(deps);
  const branch = await deps.github.defaultBranch();
  const manifestPath = config.manifestPath ?? (await detectManifestPath(deps, branch));
  return { ok: true, config, manifestPath, ...(fixed ? { fixed } : {}) };
}

/** With no `manifestPath`, the WKP location wins, then wksctl's. */
export async function detectManifestPath(deps: FlowDeps, ref: string, how?: ReadOptions): Promise<string> {
  for (const path of ["setup/machines.yaml", "machines.yaml"])
    if (await deps.github.readFile(path, ref, how)) return path;
  return "setup/machines.yaml";
}

async function reportConfigError(deps: FlowDeps, problems: string[]): Promise<LoadedConfig> {
  const body = [
    `node-patch-bot cannot use \`${CONFIG_PATH}\`, so no rollout starts until it is fixed:`,
    "",
    ...problems.map((p) => `- ${p}`),
    "",
    "The fields are described in the README (Configuration). This issue closes itself once the file is valid.",
  ].join("\n");
  // An issue opened before it carried the label is found by its title (a rare path: the file is broken), and
  // labelled, so that the load that finds the file fixed closes it.
  const open =
    (await openConfigError(deps)) ??
    (await deps.github.listIssues({ state: "open" })).find(
      (i) => i.title === CONFIG_ERROR_TITLE && !i.isPullRequest,
    );
  if (open === undefined)
    await deps.github.createIssue({ title: CONFIG_ERROR_TITLE, body, labels: [CONFIG_ERROR_LABEL] });
  else {
    if (open.body !== body) await deps.github.updateIssue(open.number, { body });
    if (!open.labels.includes(CONFIG_ERROR_LABEL))
      await deps.github.addLabels(open.number, [CONFIG_ERROR_LABEL]);
  }
  deps.log.warn({ problems }, "invalid repository config");
  return { ok: false, problems };
}

async function closeConfigError(deps: FlowDeps): Promise<boolean> {
  // Every load asks, so the listing is one that only this issue changes: asked again conditionally, it is
  // answered 304 (free) while nothing changed, however many pull requests come and go.
  const open = await openConfigError(deps);
  if (open) await deps.github.updateIssue(open.number, { state: "closed" });
  return open !== undefined;
}

/** An error from talking to GitHub rather than from the file's content (Octokit's errors carry a status). */
function isTransient(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { name, status } = error as { name?: unknown; status?: unknown };
  return (
    typeof status === "number" ||
    name === "HttpError" ||
    name === "RequestError" ||
    error instanceof TypeError
  );
}

async function openConfigError(deps: FlowDeps) {
  const labelled = await deps.github.listIssues({ labels: [CONFIG_ERROR_LABEL], state: "open" });
  return labelled.find((i) => i.title === CONFIG_ERROR_TITLE && !i.isPullRequest);
}
