// The onboarding pull request's config: what the bot detected, valid against the config schema as written,
// with commented-out examples that are valid too once uncommented, and a schema line editors understand.
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import configSchema from "../../schemas/config.schema.json" with { type: "json" };
import { compileConfigValidator } from "../../src/plan/schemas.js";
import {
  CONFIG_SCHEMA_URL,
  onboardingConfigText,
  onboardingPullBody,
} from "../../src/service/onboarding-text.js";

describe("the onboarding config", () => {
  it("names the detected manifest and cluster, under the schema line", () => {
    expect(
      onboardingConfigText({ manifestPath: "setup/machines.yaml", clusterName: "example" }),
    ).toMatchInlineSnapshot(`
      "# yaml-language-server: $schema=https://node-patch-bot.dev/schemas/config.schema.json
      # node-patch-bot reads this file from the default branch. Every field is optional; the README
      # (Configuration) describes them all. Until this file is merged, the bot does nothing in this repository.

      # Detected on the default branch:
      manifestPath: setup/machines.yaml
      clusterName: example

      # Provisioned spare machines (manifest-shaped) that \`replace\` requests take in order:
      # poolPath: setup/spare-machines.yaml

      # \`manual\`: a person merges each phase once its gate passes; \`auto\`: the bot merges it.
      # merge:
      #   mode: manual
      #   method: merge

      # Who must approve a plan (\`/patch approve\`) before its first phase is opened.
      # approvals:
      #   required: 1
      #   approvers: [alice, bob]

      # The least repository permission needed to run slash commands.
      # permission: write

      # When phases may be opened and merged; blackouts override every window.
      # timezone: Europe/Berlin
      # windows:
      #   - { cron: "0 22 * * MON-FRI", duration: 4h }
      # blackouts:
      #   - { from: "2026-12-20", to: "2027-01-06", reason: change freeze }
      "
    `);
  });

  it("points editors at the config schema's own id", () => {
    expect(CONFIG_SCHEMA_URL).toBe(configSchema.$id);
    expect(onboardingConfigText({ manifestPath: "machines.yaml" }).split("\n")[0]).toBe(
      `# yaml-language-server: $schema=${configSchema.$id}`,
    );
  });

  it("is valid as written and with every example uncommented", () => {
    const validate = compileConfigValidator();
    for (const facts of [
      { manifestPath: "machines.yaml" },
      { manifestPath: "setup/machines.yaml", clusterName: "prod-eu" },
      { manifestPath: "clusters/a b/machines.yaml", clusterName: "true" },
    ]) {
      const text = onboardingConfigText(facts);
      const written = parse(text);
      expect(validate(written), JSON.stringify(validate.errors)).toBe(true);
      expect(written).toEqual(facts);
      // Examples are the lines `# key:` and their indented continuations; prose comments stay comments.
      const uncommented = text.replace(/^# (?=[a-zA-Z]+:| {2})/gm, "");
      const all = parse(uncommented);
      expect(validate(all), JSON.stringify(validate.errors)).toBe(true);
      expect(Object.keys(all)).toEqual(
        expect.arrayContaining([
          "poolPath",
          "merge",
          "approvals",
          "permission",
          "timezone",
          "windows",
          "blackouts",
        ]),
      );
    }
  });

  it("tells in the pull request what merging it and closing it mean", () => {
    expect(
      onboardingPullBody({ manifestPath: "machines.yaml", clusterName: "example" }),
    ).toMatchInlineSnapshot(`
      "Welcome to node-patch-bot. This pull request enables it on this repository:

      - \`.github/node-patch-bot.yml\`: the configuration, with the Machines manifest found at \`machines.yaml\` (cluster \`example\`). The other fields are commented-out examples; editors that speak \`yaml-language-server\` check the file against its schema.
      - \`.github/ISSUE_TEMPLATE/node-patch.yml\`: the issue form for patch requests ("Node OS patch").

      Until this is merged, node-patch-bot does nothing else here: patch requests are answered with a pointer to this pull request.
      Edit the files on this branch before merging if you like. Closing this pull request without merging tells the bot not to ask again; to enable it later, add the configuration yourself."
    `);
  });
});
