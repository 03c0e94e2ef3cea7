/**
 * Two child processes that hold N loopback TCP connections, both ends open (2N sockets): one
 * accepts and holds the server ends, one connects and holds the client ends. Two processes
 * because the fd hard limit here (20,000) is below 2N + a listener for N = 10,000, and an
 * unprivileged sandbox cannot raise it. Teardown is by RST, so no TIME_WAIT flood is left behind
 * for other work on the machine.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn } from 'node:child_process';

// Plain JavaScript run with `node -e`: argv is [node, mode, count, port].
const HOLDER_SOURCE = String.raw`
const net = require('node:net');
const [mode, countText, portText] = process.argv.slice(1);
const count = Number(countText);
const held = [];
const say = (line) => process.stdout.write(line + '\n');
process.stdin.on('end', () => {
  for (const s of held) s.resetAndDestroy();
  setTimeout(() => process.exit(0), 200);
});
process.stdin.resume();
if (mode === 'server') {
  const server = net.createServer({ pauseOnConnect: true }, (s) => {
    s.on('error', () => {});
    held.push(s);
    if (held.length === count) say('READY');
  });
  server.listen(0, '127.0.0.1', 4096, () => say('PORT ' + server.address().port));
} else {
  let started = 0;
  let open = 0;
  const next = () => {
    if (started >= count) return;
    started++;
    const s = net.connect({ host: '127.0.0.1', port: Number(portText) }, () => {
      open++;
      if (open === count) say('READY');
      else next();
    });
    s.on('error', (e) => { say('ERROR ' + e.message); process.exit(1); });
    held.push(s);
  };
  for (let i = 0; i < 200; i++) next();
}
`;

interface Holder {
  child: ChildProcessWithoutNullStreams;
  /** Resolves with the first stdout line that starts with `prefix`. */
  line(prefix: string): Promise<string>;
}

function startHolder(args: string[]): Holder {
  // Raise the soft fd limit as far as the hard limit allows.
  const script = 'ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec "$0" "$@"';
  const child = spawn('bash', ['-c', script, process.execPath, '-e', HOLDER_SOURCE, ...args]);
  child.stderr.on('data', (d: Buffer) => process.stderr.write(`holder: ${d.toString()}`));
  let buffered = '';
  const waiters: Array<{ prefix: string; resolve: (line: string) => void; reject: (e: Error) => void }> = [];
  child.stdout.on('data', (d: Buffer) => {
    buffered += d.toString();
    let at: number;
    while ((at = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, at);
      buffered = buffered.slice(at + 1);
      const failed = line.startsWith('ERROR');
      for (const w of waiters.splice(0)) {
        if (failed) w.reject(new Error(`holder ${args[0]}: ${line}`));
        else if (line.startsWith(w.prefix)) w.resolve(line);
        else waiters.push(w);
      }
    }
  });
  child.once('exit', (code) => {
    for (const w of waiters.splice(0)) w.reject(new Error(`holder ${args[0]} exited with ${code}`));
  });
  return {
    child,
    line: (prefix) => new Promise((resolve, reject) => waiters.push({ prefix, resolve, reject })),
  };
}

/** The running pair; stop() tears both down and waits for them to exit. */
export interface HeldConnections {
  pids: number[];
  stop(): Promise<void>;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function stopHolder(holder: Holder): Promise<void> {
  if (holder.child.exitCode !== null) return;
  const exited = new Promise((resolve) => holder.child.once('exit', resolve));
  holder.child.stdin.end();
  await withTimeout(exited, 5000, 'holder exit').catch(() => holder.child.kill('SIGKILL'));
}

/** Opens `count` connections on 127.0.0.1 held by two child processes. */
export async function holdConnections(count: number): Promise<HeldConnections> {
  const server = startHolder(['server', String(count)]);
  const port = Number((await withTimeout(server.line('PORT'), 10000, 'listen')).split(' ')[1]);
  const client = startHolder(['client', String(count), String(port)]);
  const stop = async (): Promise<void> => {
    await stopHolder(client);
    await stopHolder(server);
  };
  try {
    await withTimeout(Promise.all([server.line('READY'), client.line('READY')]), 120000, `${count} connections`);
  } catch (error) {
    await stop();
    throw error;
  }
  return { pids: [server.child.pid ?? 0, client.child.pid ?? 0], stop };
}
