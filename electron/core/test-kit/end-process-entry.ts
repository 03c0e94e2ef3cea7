/**
 * A test entry: ends one process through the real actions (guards, signal, wait) and prints the
 * result as one JSON line, so a test can run it as another user (e.g. nobody) in a child process.
 * Arguments: pid startTime term|kill.
 */
import { createActions } from '../actions/action-service';

const [pid, startTime, signal] = process.argv.slice(2);
const actions = createActions({ sockets: () => [] });
const result = await actions.endProcess({
  pid: Number(pid),
  startTime: Number(startTime),
  signal: signal === 'kill' ? 'kill' : 'term',
});
process.stdout.write(`${JSON.stringify({ uid: process.getuid?.() ?? null, result })}\n`);
