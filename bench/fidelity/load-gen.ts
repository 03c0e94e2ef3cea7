/**
 * The fidelity bench's load: one process that listens on 127.0.0.1 and connects to itself at a
 * steady rate, each connection living 1-200 ms (log-uniform, so short and long lives are both
 * common) and closing with FIN (the client closes first and keeps a TIME_WAIT remnant) or RST
 * (SO_LINGER 0 through socket.resetAndDestroy(): nothing is left). Both ends are this process, so
 * every open the kernel counts for the load belongs to one pid.
 * Protocol on stdout: one JSON line `{"pid","port"}` when listening, one `{"done":…}` at the end.
 */
import { once } from 'node:events';
import { connect, createServer, type Socket } from 'node:net';

/** How one load run behaves. */
export interface LoadOptions {
  rate: number;
  seconds: number;
  close: 'fin' | 'rst';
  minMs: number;
  maxMs: number;
}

/** What the load did, printed when it ends. */
export interface LoadReport {
  done: true;
  launched: number;
  connected: number;
  closed: number;
  errors: Record<string, number>;
  /** Connections per second actually launched. */
  achievedRate: number;
}

/** A lifetime drawn log-uniformly from [minMs, maxMs]. */
export function lifetimeMs(minMs: number, maxMs: number, random: () => number = Math.random): number {
  return Math.exp(Math.log(minMs) + random() * (Math.log(maxMs) - Math.log(minMs)));
}

/** Parses `--load rate,seconds,close,minMs,maxMs`. */
export function parseLoadArg(text: string): LoadOptions {
  const [rate, seconds, close, minMs, maxMs] = text.split(',');
  const options = { rate: Number(rate), seconds: Number(seconds), close: close as LoadOptions['close'], minMs: Number(minMs), maxMs: Number(maxMs) };
  if (!(options.rate > 0) || !(options.seconds > 0) || !(options.minMs > 0) || !(options.maxMs >= options.minMs)) {
    throw new Error(`bad --load ${text}: want rate,seconds,fin|rst,minMs,maxMs`);
  }
  if (options.close !== 'fin' && options.close !== 'rst') throw new Error(`bad close mode '${close}': fin or rst`);
  return options;
}

/** Runs the load in this process and prints the protocol lines. */
export async function runLoad(options: LoadOptions): Promise<void> {
  const errors: Record<string, number> = {};
  const count = (error: Error): void => {
    const code = (error as NodeJS.ErrnoException).code ?? error.message;
    errors[code] = (errors[code] ?? 0) + 1;
  };
  const accepted = new Set<Socket>();
  const server = createServer((s) => {
    accepted.add(s);
    s.on('close', () => accepted.delete(s));
    s.on('error', () => undefined);
    if (options.close === 'fin') s.on('end', () => s.end());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  process.stdout.write(`${JSON.stringify({ pid: process.pid, port })}\n`);

  const live = new Set<Socket>();
  let launched = 0;
  let connected = 0;
  let closed = 0;
  const open = (): void => {
    launched += 1;
    const c = connect(port, '127.0.0.1');
    live.add(c);
    c.on('error', count);
    c.on('close', () => {
      live.delete(c);
      closed += 1;
    });
    c.once('connect', () => {
      connected += 1;
      setTimeout(() => (options.close === 'rst' ? c.resetAndDestroy() : c.end()), lifetimeMs(options.minMs, options.maxMs));
    });
  };
  const start = performance.now();
  const endAt = options.seconds * 1000;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = Math.min(performance.now() - start, endAt);
      const due = Math.floor((elapsed / 1000) * options.rate);
      while (launched < due) open();
      if (elapsed >= endAt) {
        clearInterval(timer);
        resolve();
      }
    }, 2);
  });
  const wallSec = (performance.now() - start) / 1000;
  const deadline = Date.now() + options.maxMs + 2000;
  while (live.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  // A server side whose handshake finished after its client had gone (the accept queue overflowed
  // under load) stays ESTABLISHED with nobody at the other end: end those too, or the process never exits.
  for (const c of [...live, ...accepted]) c.destroy();
  server.close();
  const report: LoadReport = { done: true, launched, connected, closed, errors, achievedRate: launched / wallSec };
  process.stdout.write(`${JSON.stringify(report)}\n`, () => process.exit(0));
}
