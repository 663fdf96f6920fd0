import { main } from '../src/cli/main';

/** Runs the CLI in-process with argv; returns its exit code and what it printed to stdout and stderr. */
export async function runCli(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    argv,
    (s) => out.push(s),
    (s) => err.push(s),
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}
