/**
 * The Linux sampler against real sockets this test opens: listeners on both loopbacks, a real
 * connection and its TIME_WAIT remnant, unconnected UDP, a full-length IPv6 address in a
 * network namespace, other users' sockets both ways, and row-by-row agreement with `ss -tunaep`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import { connect, createServer, type Server, type Socket as NetSocket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from '../../../shared/model';
import { portClass } from '../../../shared/port-class';
import { createChurnEngine } from '../churn/churn-engine';
import { buildForTest, type BuiltEntries } from '../test-kit/build-for-test';
import { createLinuxSource } from './linux-source';
import { parseProcNet } from './linux-proc-net-parse';
import { parseSs } from './ss-parse';
import type { SocketSource } from './types';

const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;
const ownName = readFileSync(`/proc/${process.pid}/comm`, 'utf8').trim();

async function listen(host: string, port: number): Promise<Server> {
  const server = createServer((sock) => sock.on('error', () => undefined));
  server.listen({ host, port, exclusive: true });
  await Promise.race([once(server, 'listening'), once(server, 'error').then(([e]) => Promise.reject(e))]);
  return server;
}

/** 60430 when free on both loopbacks, else the first free port from 49152 up. */
async function dualListen(): Promise<[Server, Server, number]> {
  for (const port of [60430, ...Array.from({ length: 200 }, (_, i) => 49152 + i * 73)]) {
    try {
      const v4 = await listen('127.0.0.1', port);
      try {
        return [v4, await listen('::1', port), port];
      } catch {
        v4.close();
      }
    } catch {
      // taken; next
    }
  }
  throw new Error('no free port pair in 49152-65535');
}

async function dial(host: string, port: number): Promise<NetSocket> {
  const sock = connect({ host, port });
  await once(sock, 'connect');
  return sock;
}

const find = (rows: Socket[], pred: (s: Socket) => boolean): Socket[] => rows.filter(pred);

async function waitForLine(child: ChildProcess): Promise<string> {
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  return chunk.toString().trim();
}

describe('Linux sampler on real sockets', () => {
  let source: SocketSource;
  let v4: Server;
  let v6: Server;
  let port: number;

  beforeAll(async () => {
    source = createLinuxSource();
    [v4, v6, port] = await dualListen();
  });
  afterAll(() => {
    v4.close();
    v6.close();
    source.close?.();
  });

  it('shows listeners on 127.0.0.1 and ::1 as LISTEN, owned by this process, class dynamic', async () => {
    const { sockets } = await source.sample();
    const listeners = find(sockets, (s) => s.proto === 'tcp' && s.localPort === port && s.state === 'LISTEN');
    expect(listeners.map((s) => `${s.family}:${s.localAddress}`).sort()).toEqual(['4:127.0.0.1', '6:::1']);
    for (const s of listeners) {
      expect(s.owner?.pid).toBe(process.pid);
      expect(s.owner?.name).toBe(ownName);
      expect(s.owner?.startTime).toBeGreaterThan(0);
      expect(s.inode).toBeGreaterThan(0);
      expect(portClass(s.localPort)).toBe('dynamic');
    }
  });

  it('shows both ends ESTABLISHED, then the closing side in TIME_WAIT with owner unknown and the removal with its lifetime', async () => {
    const engine = createChurnEngine({
      host: 'test',
      platform: 'linux',
      source: source.name,
      ephemeralRange: await source.ephemeralRange(),
    });
    const accepted = once(v4, 'connection');
    const client = await dial('127.0.0.1', port);
    const [serverSide] = (await accepted) as [NetSocket];
    const clientPort = client.localPort!;

    const before = await source.sample();
    engine.ingest(before);
    const ends = find(
      before.sockets,
      (s) => s.state === 'ESTABLISHED' && (s.localPort === clientPort || s.remotePort === clientPort) && s.family === 4,
    );
    expect(ends).toHaveLength(2);
    expect(ends.every((s) => s.owner?.pid === process.pid)).toBe(true);
    const clientRow = ends.find((s) => s.localPort === clientPort)!;

    serverSide.on('end', () => serverSide.end());
    client.end();
    await once(client, 'close');
    await new Promise((r) => setTimeout(r, 50));

    const after = await source.sample();
    const delta = engine.ingest(after);
    const tw = find(after.sockets, (s) => s.localPort === clientPort && s.remotePort === port && s.family === 4);
    expect(tw).toHaveLength(1);
    expect(tw[0]!.state).toBe('TIME_WAIT');
    expect(tw[0]!.inode).toBe(0);
    expect(tw[0]!.owner).toBeNull();
    expect(tw[0]!.timer?.kind).toBe('time-wait');
    const removed = delta.removed.find((r) => r.id === clientRow.id);
    expect(removed?.lastState).toBe('ESTABLISHED');
    expect(removed!.lifetimeMs).toBeGreaterThanOrEqual(after.time - before.time);
    expect(removed!.lifetimeMs).toBeLessThan(60_000);
  });

  it('shows an unconnected UDP socket as UNCONN, owned by this process', async () => {
    const udp = createSocket('udp4');
    udp.bind(0, '127.0.0.1');
    await once(udp, 'listening');
    try {
      const { sockets } = await source.sample();
      const row = find(sockets, (s) => s.proto === 'udp' && s.localPort === udp.address().port);
      expect(row).toHaveLength(1);
      expect(row[0]!.state).toBe('UNCONN');
      expect(row[0]!.owner?.pid).toBe(process.pid);
    } finally {
      udp.close();
    }
  });

  it('agrees row by row with ss -tunaep on a quiet set of sockets', async () => {
    const conns = await Promise.all([dial('127.0.0.1', port), dial('::1', port), dial('127.0.0.1', port)]);
    const udp = createSocket('udp6');
    udp.bind(0, '::1');
    await once(udp, 'listening');
    await new Promise((r) => setTimeout(r, 50));
    try {
      // ss reads this namespace only; rows of other namespaces (other work's) may share port numbers.
      const ours = (s: Socket) =>
        s.netns === undefined && (s.localPort === port || s.remotePort === port || s.localPort === udp.address().port);
      const key = (s: Socket) =>
        [s.proto, s.localAddress, s.localPort, s.remoteAddress, s.remotePort, s.state, s.inode, s.owner?.pid ?? null].join(' ');
      const first = (await source.sample()).sockets.filter(ours);
      const ss = spawnSync('ss', ['-tunaep'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
      expect(ss.status).toBe(0);
      const second = (await source.sample()).sockets.filter(ours);
      const stable = first.map(key).filter((k) => second.map(key).includes(k)).sort();
      const fromSs = parseSs(ss.stdout).sockets.filter(ours).map(key).sort();
      // 1 listener pair + 3 connections (2 ends each) + 1 UDP socket, all quiet (TIME_WAIT
      // remnants of earlier tests may add rows; they must agree too)
      expect(stable.filter((k) => !k.includes(' TIME_WAIT ')).length).toBe(2 + 6 + 1);
      expect(fromSs).toEqual(stable);
    } finally {
      conns.forEach((c) => c.destroy());
      udp.close();
    }
  });
});

describe.skipIf(!isRoot)('Linux sampler across users (root)', () => {
  let built: BuiltEntries;
  beforeAll(async () => {
    built = await buildForTest({ 'sample-once': 'electron/core/test-kit/sample-once-entry.ts' });
  }, 60_000);
  afterAll(() => built?.remove());

  it('attributes a socket opened by a child running as nobody to that child', async () => {
    const child = spawn(
      process.execPath,
      ['-e', "const s=require('net').createServer().listen(0,'127.0.0.1',()=>console.log(s.address().port))"],
      { uid: NOBODY, gid: NOBODY, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      const childPort = Number(await waitForLine(child));
      const source = createLinuxSource();
      const row = find((await source.sample()).sockets, (s) => s.localPort === childPort && s.state === 'LISTEN');
      expect(row).toHaveLength(1);
      expect(row[0]!.owner?.pid).toBe(child.pid);
      expect(row[0]!.uid).toBe(NOBODY);
    } finally {
      child.kill();
    }
  });

  it('run as nobody, lists root-owned sockets with owner unknown, without crashing or flooding', async () => {
    const server = await listen('127.0.0.1', 0);
    const rootPort = (server.address() as { port: number }).port;
    try {
      const run = spawnSync(process.execPath, [built.path('sample-once')], { uid: NOBODY, gid: NOBODY, encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(0);
      const out = JSON.parse(run.stdout) as { uid: number; rows: { id: string; pid: number | null }[]; errors: string[] };
      expect(out.uid).toBe(NOBODY);
      const mine = out.rows.filter((r) => r.id.startsWith(`tcp|127.0.0.1|${rootPort}|`));
      expect(mine).toHaveLength(1);
      expect(mine[0]!.pid).toBeNull();
      expect(out.errors.length).toBeLessThanOrEqual(4);
      expect(run.stderr).toBe('');
    } finally {
      server.close();
    }
  });
});

describe.skipIf(!isRoot)('IPv6 address with all eight groups (root, network namespace)', () => {
  const ns = `ephemera-test-${process.pid}`;
  const addr = '2001:db8:1234:5678:9abc:def0:1357:2468';
  const ip = (...args: string[]) => spawnSync('ip', args, { encoding: 'utf8' });

  beforeAll(() => {
    // The dummy link type needs a kernel module this machine may lack; lo in a fresh namespace serves.
    for (const cmd of [['netns', 'add', ns], ['-n', ns, 'link', 'set', 'lo', 'up'], ['-n', ns, '-6', 'addr', 'add', `${addr}/128`, 'dev', 'lo', 'nodad']]) {
      const r = ip(...cmd);
      if (r.status !== 0) throw new Error(`ip ${cmd.join(' ')}: ${r.stderr}`);
    }
  });
  afterAll(() => ip('netns', 'del', ns));

  it('round-trips in full, as ss prints it', async () => {
    const child = spawn(
      'ip',
      ['netns', 'exec', ns, process.execPath, '-e', `const s=require('net').createServer().listen(60431,'${addr}',()=>console.log('up'))`],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      expect(await waitForLine(child)).toBe('up');
      const parsed = parseProcNet(readFileSync(`/proc/${child.pid}/net/tcp6`), 'tcp6');
      const row = find(parsed.sockets, (s) => s.localPort === 60431);
      expect(row.map((s) => s.localAddress)).toEqual([addr]);
      const ss = spawnSync('ip', ['netns', 'exec', ns, 'ss', '-tuna'], { encoding: 'utf8' });
      expect(ss.stdout).toContain(`[${addr}]:60431`);
      expect(parseSs(ss.stdout).sockets.map((s) => s.localAddress)).toContain(row[0]!.localAddress);
    } finally {
      child.kill();
    }
  });
});
