/** What a CLI command may touch: passed in, so commands run in tests exactly as from a shell. */
export interface CliIo {
  stdout(s: string): void;
  stderr(s: string): void;
  cwd: string;
  env: NodeJS.ProcessEnv;
}
