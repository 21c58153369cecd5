// The rollout's state lives in a hidden block of the dashboard comment on its tracking issue: gzipped,
// base64 JSON between HTML comment markers, validated against schemas/rollout-state.schema.json when read.
// A plan for thousands of machines stays well inside GitHub's 65,536-character comment limit this way.
import { gunzipSync, gzipSync } from "node:zlib";
import { Ajv } from "ajv";
import planSchema from "../../schemas/plan.schema.json" with { type: "json" };
import stateSchema from "../../schemas/rollout-state.schema.json" with { type: "json" };
import type { RolloutStateDocument } from "../generated/rollout-state.js";
import type { RolloutState } from "./types.js";

export const DASHBOARD_MARKER = "<!-- node-patch-bot:dashboard -->";
const OPEN = "<!-- node-patch-bot:state ";
const CLOSE = " -->";

export interface StateCodec {
  encode(state: RolloutState): string;
  /** The state in a comment body; undefined when the body has none; throws when it is corrupt. */
  decode(body: string): RolloutState | undefined;
}

export function createStateCodec(): StateCodec {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  ajv.addSchema(planSchema);
  const validate = ajv.compile<RolloutStateDocument>(stateSchema);
  return {
    encode: (state) => `${OPEN}${gzipSync(JSON.stringify(state)).toString("base64")}${CLOSE}`,
    decode(body) {
      const start = body.indexOf(OPEN);
      if (start === -1) return undefined;
      const end = body.indexOf(CLOSE, start + OPEN.length);
      if (end === -1) throw new Error("the rollout state block on the tracking issue is cut off");
      const json: unknown = JSON.parse(
        gunzipSync(Buffer.from(body.slice(start + OPEN.length, end), "base64")).toString("utf8"),
      );
      if (!validate(json))
        throw new Error(
          `the rollout state on the tracking issue is invalid: ${ajv.errorsText(validate.errors)}`,
        );
      return json;
    },
  };
}
