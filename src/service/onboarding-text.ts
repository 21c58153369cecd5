// The texts of the onboarding pull request (pure): the starter `.github/node-patch-bot.yml`, the commit
// message, and the pull request's title and body. The config holds only what the bot detected, so it is
// valid as written; everything else is a commented-out example a person can uncomment.
import configSchema from "../../schemas/config.schema.json" with { type: "json" };
import { CONFIG_PATH } from "./deps.js";

/** Where editors find the config schema (the `yaml-language-server` line): the schema's own `$id`. */
export const CONFIG_SCHEMA_URL: string = configSchema.$id;
export const ONBOARDING_BRANCH = "node-patch/onboarding";
export const ISSUE_FORM_PATH = ".github/ISSUE_TEMPLATE/node-patch.yml";
export const ONBOARDING_TITLE = "Configure node-patch-bot";

export interface OnboardingFacts {
  /** The Machines manifest found on the default branch. */
  manifestPath: string;
  /** The cluster name the manifest's Machines carry, when they agree on one. */
  clusterName?: string;
}

/** A YAML scalar: plain when YAML reads it back as the same string, else double-quoted (JSON is valid YAML). */
function scalar(value: string): string {
  return /^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(value) && !/^(true|false|null|yes|no|on|off|~)$/i.test(value)
    ? value
    : JSON.stringify(value);
}

export function onboardingConfigText(facts: OnboardingFacts): string {
  return [
    `# yaml-language-server: $schema=${CONFIG_SCHEMA_URL}`,
    "# node-patch-bot reads this file from the default branch. Every field is optional; the README",
    "# (Configuration) describes them all. Until this file is merged, the bot does nothing in this repository.",
    "",
    "# Detected on the default branch:",
    `manifestPath: ${scalar(facts.manifestPath)}`,
    ...(facts.clusterName === undefined ? [] : [`clusterName: ${scalar(facts.clusterName)}`]),
    "",
    "# Provisioned spare machines (manifest-shaped) that `replace` requests take in order:",
    "# poolPath: setup/spare-machines.yaml",
    "",
    "# `manual`: a person merges each phase once its gate passes; `auto`: the bot merges it.",
    "# merge:",
    "#   mode: manual",
    "#   method: merge",
    "",
    "# Who must approve a plan (`/patch approve`) before its first phase is opened.",
    "# approvals:",
    "#   required: 1",
    "#   approvers: [alice, bob]",
    "",
    "# The least repository permission needed to run slash commands.",
    "# permission: write",
    "",
    "# When phases may be opened and merged; blackouts override every window.",
    "# timezone: Europe/Berlin",
    "# windows:",
    '#   - { cron: "0 22 * * MON-FRI", duration: 4h }',
    "# blackouts:",
    '#   - { from: "2026-12-20", to: "2027-01-06", reason: change freeze }',
  ]
    .join("\n")
    .concat("\n");
}

export function onboardingCommitMessage(): string {
  return `Configure node-patch-bot\n\nAdds ${CONFIG_PATH} and the issue form ${ISSUE_FORM_PATH}.`;
}

export function onboardingPullBody(facts: OnboardingFacts): string {
  return [
    "Welcome to node-patch-bot. This pull request enables it on this repository:",
    "",
    `- \`${CONFIG_PATH}\`: the configuration, with the Machines manifest found at \`${facts.manifestPath}\`${facts.clusterName === undefined ? "" : ` (cluster \`${facts.clusterName}\`)`}. The other fields are commented-out examples; editors that speak \`yaml-language-server\` check the file against its schema.`,
    `- \`${ISSUE_FORM_PATH}\`: the issue form for patch requests ("Node OS patch").`,
    "",
    "Until this is merged, node-patch-bot does nothing else here: patch requests are answered with a pointer to this pull request.",
    "Edit the files on this branch before merging if you like. Closing this pull request without merging tells the bot not to ask again; to enable it later, add the configuration yourself.",
  ].join("\n");
}
