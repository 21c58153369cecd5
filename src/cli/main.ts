// The `node-patch-bot` command: dispatches to one function per subcommand.
import { runAgentCommand } from "./agent-command.js";
import type { CliIo } from "./io.js";
import { runPlanCommand } from "./plan-command.js";
import { runSetupCommand } from "./setup-command.js";
import { runStageCommand } from "./stage-command.js";
import { runStartCommand } from "./start-command.js";
import { runValidateCommand } from "./validate-command.js";

export const USAGE = `usage: node-patch-bot <command> [options]

commands:
  validate FILE...                     check Machines manifests
  plan --manifest F --request R        plan a rollout [--config C] [--pool P] [--format json|markdown]
  stage --repo DIR --request R         commit one phase per commit on a branch of a local repository
                                       [--manifest-path P] [--branch B] [--config PATH]
  agent --repo O/N --cluster C --manifest-path P
                                       the in-cluster agent (agent mode) [--in-cluster|--kubeconfig F] [--once]
  start [--keep]                       run the app; without GitHub App credentials, the local sandbox demo
  setup [--port N]                     register the GitHub App (Probot's manifest flow), credentials to .env
  help                                 this text

Exit codes: 0 ok, 1 invalid input, 2 usage.
`;

type Command = (args: string[], io: CliIo) => Promise<number>;

const COMMANDS: Readonly<Record<string, Command>> = {
  validate: runValidateCommand,
  plan: runPlanCommand,
  stage: runStageCommand,
  start: runStartCommand,
  agent: runAgentCommand,
  setup: runSetupCommand,
};

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    (name === undefined ? io.stderr : io.stdout)(USAGE);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    io.stderr(`unknown command: ${name}\n${USAGE}`);
    return 2;
  }
  return command(rest, io);
}
