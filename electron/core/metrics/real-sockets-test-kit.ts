/**
 * Real loopback sockets for the metrics and CLI tests: a listener this process owns and bounded
 * batches of connections to it, closed client-first so each leaves a TIME_WAIT behind.
 */
import { createConnection, createServer } from 'node:net';
import type { AddressInfo, Server, Socket as NetSocket } from 'node:net';

/** A listener on 127.0.0.1 that keeps accepted sockets until closed. */
export interface TestListener {
  port: number;
  server: Server;
  close(): Promise<void>;
}

/** Listens on a free port of 127.0.0.1 (or the given one). */
export async function listen(port = 0): Promise<TestListener> {
  const accepted = new Set<NetSocket>();
  const server = createServer((s) => {
    accepted.add(s);
    s.on('error', () => undefined);
    s.on('close', () => accepted.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    server,
    close: async () => {
      for (const s of accepted) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** Opens `count` connections to a port (at most 200) and resolves when all are connected. */
export async function connectMany(port: number, count: number): Promise<NetSocket[]> {
  if (count > 200) throw new Error('connectMany is bounded to 200 connections');
  return Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<NetSocket>((resolve, reject) => {
          const s = createConnection({ host: '127.0.0.1', port }, () => resolve(s));
          s.on('error', reject);
        }),
    ),
  );
}

/** Closes client sockets (client first, so TIME_WAIT stays on the client side). */
export async function closeAll(sockets: readonly NetSocket[]): Promise<void> {
  await Promise.all(sockets.map((s) => new Promise<void>((r) => s.end(() => r()))));
  for (const s of sockets) s.destroy();
}

/** Resolves after ms. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls until check() is true; throws naming what was awaited. */
export async function waitUntil(check: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await sleep(50);
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}`);
}
