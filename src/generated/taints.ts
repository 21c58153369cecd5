/* Generated from schemas/taints.schema.json by scripts/gen-types.ts. Do not edit. */

/**
 * The value of the bot's taint annotation on a Machine: a JSON list of the Node taints the bot wants on that machine's Node. The WKS controller ignores annotations; the bot's actuator or agent applies them.
 */
export type TaintList = Taint[];

/**
 * A Node taint the bot records in its annotation on the Machine.
 */
export interface Taint {
  key: string;
  value?: string;
  effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
}
