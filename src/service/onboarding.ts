// runOnboarding: a repository with a Machines manifest and no `.github/node-patch-bot.yml` gets one pull
// request adding a starter config and the issue form, as Renovate does. Until the config is merged the bot
// does nothing else there (see loadRepositoryConfig). Asked once: a closed onboarding pull request means no.
import { readFile } from "node:fs/promises";
import { parseManifest } from "../manifest/index.js";
import { detectManifestPath } from "./config.js";
import { CONFIG_PATH, type FlowDeps } from "./deps.js";
import {
  ISSUE_FORM_PATH,
  ONBOARDING_BRANCH,
  ONBOARDING_TITLE,
  type OnboardingFacts,
  onboardingCommitMessage,
  onboardingConfigText,
  onboardingPullBody,
} from "./onboarding-text.js";

export type OnboardingOutcome =
  /**
   * A config exists (the repository's, or the owner's `.github` repository's through Probot's loader), or the
   * onboarding pull request was merged and its config deleted since.
   */
  | { status: "configured" }
  /** No Machines manifest on the default branch: not a cluster repository, so nobody is asked anything. */
  | { status: "no-manifest" }
  /** Asked already: the onboarding pull request, open, merged or closed (a person who closed it said no). */
  | { status: "asked"; pull: { number: number; htmlUrl: string; state: "open" | "closed" } }
  /** This call opened it (or found it opened by a concurrent replica). */
  | { status: "opened"; pull: { number: number; htmlUrl: string; state: "open" | "closed" } };

/** The issue form this project ships, read from its own repository (one copy, not one in code). */
export function readShippedIssueForm(): Promise<string> {
  return readFile(new URL("../../.github/ISSUE_TEMPLATE/node-patch.yml", import.meta.url), "utf8");
}

export interface OnboardingOptions {
  /** The config as the caller loaded it already (`null` or undefined when absent); loaded here otherwise. */
  config?: unknown;
  /** The issue form's text (the shipped one by default). */
  issueForm?: () => Promise<string>;
}

export async function runOnboarding(
  deps: FlowDeps,
  options: OnboardingOptions = {},
): Promise<OnboardingOutcome> {
  // 1. A config anywhere Probot's loader looks means the repository is set up.
  const config = "config" in options ? options.config : await deps.loadConfig();
  if (config !== null && config !== undefined) return { status: "configured" };
  // 2. Only repositories with a Machines manifest on the default branch are the bot's business. Every tick
  // asks this of every repository without a config, so it reads through REST: conditional requests, free
  // while nothing changed, where git would fetch each repository's history the first time.
  const rest = { via: "rest" } as const;
  const branch = await deps.github.defaultBranch();
  const mainSha = await deps.github.branchSha(branch, rest);
  if (mainSha === undefined) return { status: "no-manifest" };
  const manifestPath = await detectManifestPath(deps, mainSha, rest);
  const manifest = await deps.github.readFile(manifestPath, mainSha, rest);
  if (manifest === undefined) return { status: "no-manifest" };
  // 3. Asked once. A branch without a pull request is an onboarding interrupted between its push and its
  // pull request, so the pull request is opened for it.
  const asked = (await deps.github.listPulls(ONBOARDING_BRANCH)).find((p) => p.headRef === ONBOARDING_BRANCH);
  // A merged one whose config was deleted later: the defaults apply, as before onboarding existed.
  if (asked?.merged) return { status: "configured" };
  if (asked) return { status: "asked", pull: pullOf(asked) };
  const branchHead = await deps.github.branchSha(ONBOARDING_BRANCH);
  // 4. The two files, committed like a phase (one commit, through the port), then the pull request. Replicas
  // racing here push the same change (the port accepts an equal one) and GitHub keeps one pull per head.
  const facts: OnboardingFacts = { manifestPath, ...clusterNameOf(manifest.text, manifestPath) };
  if (branchHead === undefined) {
    const form = await deps.github.readFile(ISSUE_FORM_PATH, mainSha, rest);
    await deps.github.commitFiles({
      branch: ONBOARDING_BRANCH,
      baseSha: mainSha,
      files: [
        { path: CONFIG_PATH, content: onboardingConfigText(facts) },
        // A form of the same name that the repository has already is theirs to keep.
        ...(form
          ? []
          : [{ path: ISSUE_FORM_PATH, content: await (options.issueForm ?? readShippedIssueForm)() }]),
      ],
      message: onboardingCommitMessage(),
      date: new Date(deps.now()).toISOString(),
    });
  }
  const pull = await deps.github.openPull({
    head: ONBOARDING_BRANCH,
    base: branch,
    title: ONBOARDING_TITLE,
    body: onboardingPullBody(facts),
  });
  deps.log.info({ pull: pull.number, manifestPath }, "opened the onboarding pull request");
  return { status: "opened", pull: pullOf(pull) };
}

function pullOf(p: { number: number; htmlUrl: string; state: "open" | "closed" }) {
  return { number: p.number, htmlUrl: p.htmlUrl, state: p.state };
}

/** The cluster name every Machine agrees on (`spec.clusterName`, else the cluster-name label); none otherwise. */
export function clusterNameOf(text: string, file: string): { clusterName?: string } {
  const parsed = parseManifest(text, { file });
  if (!parsed.ok) return {};
  const names = new Set(parsed.manifest.machines.map((m) => m.clusterName ?? m.clusterNameLabel));
  const [only] = names;
  return names.size === 1 && only !== undefined && only !== "" ? { clusterName: only } : {};
}
