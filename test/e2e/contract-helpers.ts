// Checks a whole sandbox run against GitHub's published descriptions: every REST response the stand-in
// served (the world must be started with `record: true`) and every webhook it emitted.
import type { LocalWorld } from "../../src/sandbox/local-world.js";
import {
  loadRestContract,
  loadWebhookContract,
  type RestContract,
  restMismatches,
  type WebhookContract,
  webhookMismatches,
} from "../sandbox/github/contract.js";

// GitHub's REST description is 13 MB: read it once per test file, and only when a test asks.
let rest: RestContract | undefined;
let webhooks: WebhookContract | undefined;

/** The distinct mismatches of the run so far; both lists are empty when the stand-in kept to the contract. */
export function contractMismatches(world: LocalWorld): { rest: string[]; webhooks: string[] } {
  rest ??= loadRestContract();
  webhooks ??= loadWebhookContract();
  const exchanges = world.github.exchanges();
  if (exchanges.length === 0) throw new Error("nothing recorded: start the world with record: true");
  return {
    rest: restMismatches(rest, exchanges),
    webhooks: webhookMismatches(webhooks, world.github.webhooks.deliveries()),
  };
}
