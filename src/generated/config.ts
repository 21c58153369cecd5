/* Generated from schemas/config.schema.json by scripts/gen-types.ts. Do not edit. */
import type {ReadinessConfig} from "./readiness.js";
import type {WindowsConfig} from "./windows.js";
import type {SchedulesConfig} from "./schedules.js";

/**
 * The repository's `.github/node-patch-bot.yml`. Every field is optional; the defaults fit a WKP repository.
 */
export interface RepositoryConfig {
  /**
   * Path of the Machines manifest in the repository (WKP: `setup/machines.yaml`; wksctl: `machines.yaml`).
   */
  manifestPath?: string;
  /**
   * The cluster's name. When set, every Machine's `spec.clusterName` must equal it; when absent it is read from the manifest.
   */
  clusterName?: string;
  /**
   * Path of a manifest-shaped file of provisioned spare machines. `replace` requests without `replacements` take spares from it in order; each `add` phase moves them from the pool into the manifest in the same commit.
   */
  poolPath?: string;
  /**
   * The Machine annotation in which the bot records the Node taints it wants (a JSON list of {key, value, effect}).
   */
  taintAnnotation?: string;
  /**
   * The key of the NoSchedule taint the bot puts on machines it drains; its value is the rollout id.
   */
  taintKey?: string;
  /**
   * Machine labels naming a failure domain (zone, rack). Waves are spread across the domains these labels name.
   */
  failureDomainLabels?: string[];
  /**
   * The supported range of `spec.version` (semver range).
   */
  kubernetesVersions?: string;
  /**
   * How phase pull requests are merged.
   */
  merge?: {
    /**
     * `manual`: a person merges each phase once its gate passes; `auto`: the bot merges it.
     */
    mode?: "manual" | "auto";
    /**
     * GitHub merge method. `merge` and `rebase` keep the phase's single commit.
     */
    method?: "merge" | "squash" | "rebase";
  };
  /**
   * Who must approve a plan before its first phase is opened.
   */
  approvals?: {
    /**
     * Number of approvals (`/patch approve` comments by different people) the plan needs; 0 starts a plan at once.
     */
    required?: number;
    /**
     * GitHub logins allowed to approve (compared without regard to case; teams are not supported: list their members); empty means anyone with `permission`.
     *
     * Items: a GitHub login; a team is not one: list its members
     */
    approvers?: string[];
  };
  /**
   * The least repository permission needed to run slash commands.
   */
  permission?: "read" | "triage" | "write" | "maintain" | "admin";
  readiness?: ReadinessConfig;
  /**
   * Labels the bot puts on what it opens.
   */
  labels?: {
    /**
     * Labels on every phase pull request.
     */
    pullRequest?: string[];
    /**
     * Labels on a tracking issue, besides `node-patch-rollout`, which the bot always adds: it finds its rollouts by it.
     */
    trackingIssue?: string[];
  };
  timezone?: NonNullable<WindowsConfig["timezone"]>;
  windows?: NonNullable<WindowsConfig["windows"]>;
  prWindows?: NonNullable<WindowsConfig["prWindows"]>;
  mergeWindows?: NonNullable<WindowsConfig["mergeWindows"]>;
  blackouts?: NonNullable<WindowsConfig["blackouts"]>;
  schedules?: NonNullable<SchedulesConfig["schedules"]>;
}
