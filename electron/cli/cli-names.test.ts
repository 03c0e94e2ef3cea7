/**
 * The built CLI against real sockets: names in `ls` and `who` (and numbers with -n), remoteHost in
 * `ls --json`, and `top-destinations` naming the process that churns toward the test's listener.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket as NetSocket } from 'node:net';
import { closeAll, connectMany, listen, type TestListener } from '../core/metrics/real-sockets-test-kit';
import type { BuiltEntries } from '../core/test-kit/build-for-test';
import { startLoad } from '../core/test-kit/connection-load';
import { buildCli, runBuilt } from './cli-test-kit';

let built: BuiltEntries;
let cli: string;
let listener: TestListener;
let clients: NetSocket[];
beforeAll(async () => {
  built = await buildCli();
  cli = built.path('cli');
  listener = await listen();
  clients = await connectMany(listener.port, 1);
}, 60_000);
afterAll(async () => {
  await closeAll(clients ?? []);
  await listener?.close();
  built?.remove();
});

const run = (...args: string[]) => runBuilt(cli, args);

describe('names in ls and who', () => {
  it('ls shows the remote end by name, ls -n by number', async () => {
    const named = await run('ls', `rport:${listener.port}`);
    expect(named.code).toBe(0);
    expect(named.stdout).toContain(`localhost:${listener.port}`);
    expect(named.stdout).not.toContain(`127.0.0.1:${listener.port}`);
    const numeric = await run('ls', '-n', `rport:${listener.port}`);
    expect(numeric.code).toBe(0);
    expect(numeric.stdout).toContain(`127.0.0.1:${listener.port}`);
    expect(numeric.stdout).not.toContain('localhost');
  });

  it('ls --json carries remoteHost; with -n it is null', async () => {
    const rows = JSON.parse((await run('ls', '--json', `rport:${listener.port}`)).stdout) as { remoteHost: string | null }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.remoteHost === 'localhost')).toBe(true);
    const numeric = JSON.parse((await run('ls', '-n', '--json', `rport:${listener.port}`)).stdout) as { remoteHost: string | null }[];
    expect(numeric.every((r) => r.remoteHost === null)).toBe(true);
  });

  it('who names the peer, who -n does not', async () => {
    const port = String(clients[0]!.localPort);
    expect((await run('who', port)).stdout).toContain(`localhost:${listener.port}`);
    expect((await run('who', '-n', port)).stdout).toContain(`127.0.0.1:${listener.port}`);
  });
});

describe('ephemera top-destinations', () => {
  it('lists the listener a load churns toward, with the load process and its births', async () => {
    const target = await listen();
    const load = await startLoad(target.port, 40, 1000, 12);
    try {
      const startedAt = Date.now();
      const r = await run('top-destinations', '--json', '--seconds', '5');
      // What the load really did while the command ran (a loaded machine slows it below 40/s).
      const loadRate = (load.countAt(Date.now()) - load.countAt(startedAt)) / ((Date.now() - startedAt) / 1000);
      expect(r.code, r.stderr).toBe(0);
      const view = JSON.parse(r.stdout) as { destinations: { remotePort: number; remoteHost: string | null; birthsPerSec: number; callers: { pid: number; births: number }[] }[] };
      const mine = view.destinations.find((d) => d.remotePort === target.port);
      expect(mine).toBeDefined();
      expect(mine!.remoteHost).toBe('localhost');
      expect(mine!.birthsPerSec).toBeGreaterThan(loadRate * 0.5);
      expect(mine!.birthsPerSec).toBeLessThan(loadRate * 1.5 + 5);
      expect(mine!.callers[0]?.pid).toBe(load.pid);
      const table = await run('top-destinations', '--seconds', '2', '--limit', '30');
      expect(table.stdout).toMatch(new RegExp(`localhost:${target.port}\\s+tcp`));
    } finally {
      await load.stop();
      await target.close();
    }
  }, 60_000);

  it('refuses a bad --seconds with exit 2', async () => {
    const r = await run('top-destinations', '--seconds', '0');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--seconds must be');
  });
});
