/**
 * Entry of the `ephemera` command (built to out/node/cli.js, started by bin/ephemera.js):
 * runs one command line and exits with its code once the output is written.
 */
import { runCli } from './run';

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
});
process.exit(code);
