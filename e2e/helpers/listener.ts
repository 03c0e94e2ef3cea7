/**
 * A real TCP listener owned by the test process itself, so the e2e can check that the UI
 * shows this very process (pid, command line) on this very port.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';

/** The preferred port: in the IANA dynamic range and in Linux's default ephemeral range. */
export const PREFERRED_PORT = 60430;

/** A listener and the connections it accepted. */
export interface TestListener {
  server: Server;
  port: number;
  accepted: Set<Socket>;
  close: () => Promise<void>;
}

function listenOn(server: Server, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const onError = (): void => resolve(false);
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      resolve(true);
    });
  });
}

/**
 * Where a fallback port may lie: IANA's dynamic range cut to this machine's ephemeral range, so
 * the listener is both class dynamic and a cell on the port map (which draws the OS range).
 */
function fallbackRange(): { low: number; high: number } {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (low !== undefined && high !== undefined && Number.isInteger(low) && Number.isInteger(high)) {
      const range = { low: Math.max(49152, low), high: Math.min(65535, high) };
      if (range.low < range.high) return range;
    }
  } catch {
    // not Linux: IANA's range is the OS range on macOS and Windows
  }
  return { low: 49152, high: 65535 };
}

/** Listens on 60430 if free, else on a free port in 49152-65535 that lies in the OS ephemeral range. */
export async function openTestListener(): Promise<TestListener> {
  const accepted = new Set<Socket>();
  const server = net.createServer((socket) => {
    accepted.add(socket);
    socket.on('error', () => {});
    socket.on('end', () => socket.end());
    socket.on('close', () => accepted.delete(socket));
  });
  let ok = await listenOn(server, PREFERRED_PORT);
  const range = fallbackRange();
  for (let tries = 0; !ok && tries < 50; tries += 1) {
    ok = await listenOn(server, range.low + Math.floor(Math.random() * (range.high - range.low + 1)));
  }
  if (!ok) throw new Error(`no free port in ${range.low}-${range.high} for the test listener`);
  const port = (server.address() as AddressInfo).port;
  const close = (): Promise<void> =>
    new Promise((resolve) => {
      for (const s of accepted) s.destroy();
      server.close(() => resolve());
    });
  return { server, port, accepted, close };
}

/** Opens one connection to the listener (optionally from another 127/8 address) once established. */
export function connect(port: number, localAddress?: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1', localAddress }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** A random loopback source address, so a burst's address pairs are new to the kernel and the sampler. */
export function freshLoopbackSource(): string {
  const octet = (): number => 1 + Math.floor(Math.random() * 254);
  return `127.${octet()}.${octet()}.${octet()}`;
}

/**
 * `count` short connections, `parallel` at a time, from one fresh 127/8 source address:
 * connect, then close from the client side, so each leaves its own TIME_WAIT row for 60 s
 * (Linux reuses a TIME_WAIT pair on loopback, so a fixed source would hide repeats).
 */
export async function burst(port: number, count: number, parallel = 25): Promise<void> {
  const source = freshLoopbackSource();
  let next = 0;
  const one = async (): Promise<void> => {
    while (next < count) {
      next += 1;
      const socket = await connect(port, source);
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.end();
      });
    }
  };
  await Promise.all(Array.from({ length: parallel }, one));
}

/**
 * Resets every TCP connection towards `port` at the kernel (`ss -K`, needs root or
 * CAP_NET_ADMIN and CONFIG_INET_DIAG_DESTROY): a real drop, as when a laptop sleeps.
 * Resolves with how many sockets were killed, or null when this machine cannot do it.
 */
export function dropConnectionsTo(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    execFile('ss', ['-K', '-t', '-n', `dport = :${port}`], (err, stdout) => {
      if (err) return resolve(null);
      resolve(stdout.split('\n').filter((line) => line.includes(`:${port}`)).length);
    });
  });
}
