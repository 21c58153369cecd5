/** What a CLI command may touch: passed in, so commands run in tests exactly as from a shell. */
export interface CliIo {
  stdout(s: string): void;
  stderr(s: string): void;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/**
 * A command's parsed arguments, or its exit code once usage (2, on a parse error) or help (0) is printed:
 * every command answers bad arguments and `--help` the same way.
 */
export function parseCommandArgs<P extends { values: { help?: boolean | undefined } }>(
  io: Pick<CliIo, "stdout" | "stderr">,
  usage: string,
  parse: () => P,
): P | number {
  let parsed: P;
  try {
    parsed = parse();
  } catch (e) {
    io.stderr(`${(e as Error).message}\n${usage}`);
    return 2;
  }
  if (parsed.values.help) {
    io.stdout(usage);
    return 0;
  }
  return parsed;
}
