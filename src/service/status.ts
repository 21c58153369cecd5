// `/patch status`: where a rollout stands now, with the live detail the dashboard leaves out. The dashboard
// changes only on transitions (a gate passing, failing or held), so it names what a gate waits for, not which
// pods a drain still waits for or which nodes have not joined; this answer is worked out when a person asks.
// It reads and decides, and acts on nothing.
import { loadRepositoryConfig } from "./config.js";
import { CONFIG_PATH, type FlowDeps } from "./deps.js";
import { decideOn, observe } from "./observe.js";
import type { Tracking } from "./tracking.js";

/** How many unmet conditions an answer lists (a comment has room for far more; a person reads a few). */
const MAX_LISTED = 50;

export async function rolloutStatus(deps: FlowDeps, tracking: Tracking): Promise<string[]> {
  const { state } = tracking;
  const id = `Rollout \`${state.plan.id}\``;
  const board = "The dashboard above shows every phase.";
  if (state.cancelled) return [`${id} was cancelled by @${state.cancelled.by}. ${board}`];
  if (state.completedAt !== undefined) return [`${id} is completed. ${board}`];
  const loaded = await loadRepositoryConfig(deps);
  if (!loaded.ok) return [`${id} waits until \`${CONFIG_PATH}\` is valid. ${board}`];
  const decision = decideOn(state, await observe(deps, state, loaded.config), loaded.config, deps.now());
  const unmet = decision.unmet.slice(0, MAX_LISTED);
  const more = decision.unmet.length - unmet.length;
  return [
    `${id}: ${decision.headline}`,
    ...(unmet.length > 0
      ? ["", "Unmet right now:", ...unmet.map((u) => `- ${u}`), ...(more > 0 ? [`- … and ${more} more`] : [])]
      : []),
    "",
    board,
  ];
}
