/**
 * Entry of the `ephemera` command (built to out/node/cli.js, started by bin/ephemera.js):
 * runs one command line and exits with its code once the output is written.
 */
import { runCli } from './run';

// `ephemera ls | head -1` closes the pipe early: that is the reader's choice, not a failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
});
process.exit(code);
