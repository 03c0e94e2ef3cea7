/**
 * The idle run's load: one child process holding a fixed number of quiet loopback sockets (half
 * clients, half their accepted peers) for a while, so the service samples a steady table.
 * Protocol on stdout: `{"pid","port"}` once every socket is connected, `{"done":true}` at the end.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect, createServer, type Socket } from 'node:net';
import { createInterface } from 'node:readline';

/** Parses `--idle sockets,seconds`. */
export function parseIdleArg(text: string): { sockets: number; seconds: number } {
  const [sockets, seconds] = text.split(',').map(Number);
  if (!(sockets !== undefined && sockets >= 2) || !(seconds !== undefined && seconds > 0)) throw new Error(`bad --idle ${text}: want sockets,seconds`);
  return { sockets, seconds };
}

/** Runs in the child: listens, connects sockets/2 times to itself, holds them, then exits. */
export async function runIdle(o: { sockets: number; seconds: number }): Promise<void> {
  const held: Socket[] = [];
  const server = createServer((s) => held.push(s.on('error', () => undefined)));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  for (let i = 0; i < Math.floor(o.sockets / 2); i += 1) {
    const c = connect(port, '127.0.0.1');
    c.on('error', () => undefined);
    held.push(c);
    await once(c, 'connect');
  }
  process.stdout.write(`${JSON.stringify({ pid: process.pid, port })}\n`);
  await new Promise((r) => setTimeout(r, o.seconds * 1000));
  for (const s of held) s.destroy();
  server.close();
  process.stdout.write(`${JSON.stringify({ done: true })}\n`, () => process.exit(0));
}

/** Starts the idle child (this bench with --idle); like startLoad, resolves when ready and when done. */
export function startIdle(self: string, sockets: number, seconds: number): { ready: Promise<unknown>; done: Promise<unknown> } {
  const child = spawn(process.execPath, [self, '--idle', `${sockets},${seconds}`], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const ready = new Promise((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`idle load exited with ${code} before it was ready`)));
  });
  const overstay = setTimeout(() => child.kill('SIGKILL'), seconds * 1000 + 15_000);
  const done = once(child, 'exit').finally(() => clearTimeout(overstay));
  return { ready, done };
}
