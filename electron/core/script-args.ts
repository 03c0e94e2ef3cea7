/**
 * The command line of a script (the web host, the benchmarks): `--help` prints the usage and
 * exits 0, anything the spec does not know exits 2 with one line naming it. The parsing itself
 * is shared/argv, the same parser the `ephemera` CLI uses; this adds only the printing and exit.
 */
import { parseScriptArgs } from '../../shared/argv';
import type { ParsedArgs, ScriptDoc } from '../../shared/argv';

/** Where the words go, and how to stop (process by default; tests pass their own). */
export interface ScriptIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  exit: (code: number) => never;
}

const processIo: ScriptIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  exit: (code) => process.exit(code),
};

/**
 * The script's settings read from its arguments by `read` (which throws UsageError for a bad
 * value), or, after printing the help or the refusal, no return at all.
 */
export function scriptArgs<T>(
  name: string,
  doc: ScriptDoc,
  read: (args: ParsedArgs) => T,
  argv: readonly string[] = process.argv.slice(2),
  io: ScriptIo = processIo,
): T {
  const parsed = parseScriptArgs(argv, doc, read);
  if (parsed.kind === 'help') {
    io.stdout(parsed.text);
    return io.exit(0);
  }
  if (parsed.kind === 'refused') {
    io.stderr(`${name}: ${parsed.message} (see --help)\n`);
    return io.exit(2);
  }
  return parsed.value;
}
