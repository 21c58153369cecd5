// Batch sizes and control-plane arithmetic, kept apart so the rules read as the numbers they are.
import type { IntOrPercent } from "../generated/patch-request.js";

export const DEFAULT_MAX_SURGE = 1;
export const DEFAULT_MAX_UNAVAILABLE = 0;

/**
 * Cluster API semantics: a percentage is of the selected machines of a role; surge rounds up (so "10%" of
 * 3 is 1: any surge at all lets the rollout move), unavailable rounds down (so it never exceeds the share).
 */
export function resolveIntOrPercent(value: IntOrPercent, of: number, round: "up" | "down"): number {
  if (typeof value === "number") return value;
  const percent = Number(value.slice(0, -1));
  // percent × of first, an exact integer: (10 / 100) × 30 would be 3.0000000000000004 and round up to 4.
  const hundredths = percent * of;
  return round === "up" ? Math.ceil(hundredths / 100) : Math.floor(hundredths / 100);
}

/**
 * How many control-plane machines must stay Ready and untainted while `count` exist.
 * - `in-place` takes a tainted master down (patch and reboot), so etcd needs a majority of the others.
 * - `replace` keeps a tainted master serving etcd until it is removed; the WKS controller then requires
 *   (masters+1)/2 *other* masters Ready and without an extra NoSchedule taint before it touches a master.
 */
export function minAvailableMasters(count: number, strategy: "replace" | "in-place"): number {
  return strategy === "in-place" ? Math.floor(count / 2) + 1 : Math.floor((count + 1) / 2);
}
