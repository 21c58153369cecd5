// `node-patch-bot setup`: registers the GitHub App with Probot's manifest flow. It serves a page on
// http://localhost:PORT whose button sends app.yml (permissions and events) to GitHub; GitHub creates the App
// and redirects back, and Probot writes APP_ID, PRIVATE_KEY and WEBHOOK_SECRET into .env. `npm start` then
// runs the App. Run it in the directory that holds app.yml (the project's root); it needs to reach GitHub.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { run } from "probot";
import { type CliIo, parseCommandArgs } from "./io.js";

export const SETUP_USAGE = `usage: node-patch-bot setup [--port N]
Registers node-patch-bot as a GitHub App (Probot's manifest flow): open the printed address, create the App
on GitHub, and the credentials are written to .env. Then \`npm start\` runs the App.
  --port N   where the setup page listens (default: PORT, else 3000)
Environment: GHE_HOST for GitHub Enterprise Server; WEBHOOK_PROXY_URL to receive webhooks through a proxy
(otherwise Probot offers to create a smee.io channel; NO_SMEE_SETUP=true skips that).
Exit codes: 0 serving, 1 already registered or not in the project's directory, 2 usage.
`;

export async function runSetupCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(io, SETUP_USAGE, () =>
    parseArgs({
      args,
      strict: true,
      options: { port: { type: "string" }, help: { type: "boolean", short: "h" } },
    }),
  );
  if (typeof parsed === "number") return parsed;
  const { port } = parsed.values;
  if (port !== undefined && !/^\d{1,5}$/.test(port)) {
    io.stderr(`--port must be a port number, not ${JSON.stringify(port)}\n${SETUP_USAGE}`);
    return 2;
  }
  if (io.env.APP_ID && (io.env.PRIVATE_KEY || io.env.PRIVATE_KEY_PATH)) {
    io.stderr(
      "setup: the App is registered already (APP_ID and a private key are set); `npm start` runs it\n",
    );
    return 1;
  }
  if (!existsSync(join(io.cwd, "app.yml"))) {
    io.stderr(`setup: no app.yml in ${io.cwd}; run it in the node-patch-bot directory, where app.yml is\n`);
    return 1;
  }
  // Without credentials Probot serves its setup app only; the app function is not loaded.
  const env = { ...io.env, APP_ID: undefined, PRIVATE_KEY: undefined, PRIVATE_KEY_PATH: undefined };
  await run(() => undefined, { env: { ...env, ...(port === undefined ? {} : { PORT: port }) } });
  return 0;
}
