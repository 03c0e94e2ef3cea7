/**
 * The owner resolver on the real /proc: against a child process that swaps sockets in one step so
 * its fd count (the st_size of /proc/<pid>/fd) stays the same, the case the count alone misses;
 * and, unprivileged in a pid namespace of its own, against sockets it can never attribute.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { statSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from '../../../shared/model';
import { createLinuxSource } from '../sampler/linux-source';
import { buildForTest, type BuiltEntries } from '../test-kit/build-for-test';

const N = 5;

/**
 * Holds N listeners and N open files. On 'sockets' it closes its listeners and opens as many new
 * ones; on 'files' it closes its files and opens as many new listeners. Either way the fd count
 * is what it was. Prints the ports of the listeners it opened, as one JSON line.
 */
const CHILD = `
const net = require('net');
const fs = require('fs');
const n = Number(process.argv[1]);
const listen = () => new Promise((done) => { const s = net.createServer(); s.listen(0, '127.0.0.1', () => done(s)); });
const many = () => Promise.all(Array.from({ length: n }, listen));
const report = (list) => process.stdout.write(JSON.stringify(list.map((s) => s.address().port)) + '\\n');
(async () => {
  let servers = await many();
  let files = Array.from({ length: n }, () => fs.openSync('/dev/null', 'r'));
  report(servers);
  require('readline').createInterface({ input: process.stdin }).on('line', async (line) => {
    if (line === 'sockets') servers.forEach((s) => s.close());
    if (line === 'files') files.splice(0).forEach((fd) => fs.closeSync(fd));
    const opened = await many();
    servers = line === 'sockets' ? opened : servers.concat(opened);
    report(opened);
  });
})();
`;

interface Swapper {
  pid: number;
  ports: number[];
  swap(what: 'sockets' | 'files'): Promise<number[]>;
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill();
});

/** Reads a child's output one JSON line at a time. */
function jsonLines(stream: Readable): () => Promise<unknown> {
  const lines = createInterface({ input: stream })[Symbol.asyncIterator]();
  return async () => {
    const { value, done } = await lines.next();
    if (done === true) throw new Error('child exited');
    return JSON.parse(String(value)) as unknown;
  };
}

async function startSwapper(): Promise<Swapper> {
  const child = spawn(process.execPath, ['-e', CHILD, String(N)], { stdio: 'pipe' });
  children.push(child);
  const next = jsonLines(child.stdout);
  const ports = (await next()) as number[];
  return {
    pid: child.pid ?? -1,
    ports,
    swap: async (what) => {
      child.stdin.write(`${what}\n`);
      return (await next()) as number[];
    },
  };
}

const fdCount = (pid: number): number => statSync(`/proc/${pid}/fd`).size;

function listenerOwners(sockets: Socket[], ports: number[]): (number | null)[] {
  return ports.map((port) => {
    const row = sockets.find((s) => s.proto === 'tcp' && s.localPort === port && s.state === 'LISTEN');
    return row === undefined ? -1 : (row.owner?.pid ?? null);
  });
}

describe('owner resolver on a process that swaps fds at an unchanged count', () => {
  it('attributes listeners opened in place of closed ones at the very next sample', async () => {
    const child = await startSwapper();
    const source = createLinuxSource();
    expect(listenerOwners((await source.sample()).sockets, child.ports)).toEqual(child.ports.map(() => child.pid));
    const before = fdCount(child.pid);
    const opened = await child.swap('sockets');
    // The case under test: the count alone says nothing changed.
    expect(fdCount(child.pid)).toBe(before);
    expect(listenerOwners((await source.sample()).sockets, opened)).toEqual(opened.map(() => child.pid));
    source.close?.();
  });

  it('attributes listeners opened in place of closed files at the very next sample', async () => {
    const child = await startSwapper();
    const source = createLinuxSource();
    await source.sample();
    const before = fdCount(child.pid);
    const opened = await child.swap('files');
    expect(fdCount(child.pid)).toBe(before);
    const sample = await source.sample();
    expect(listenerOwners(sample.sockets, opened)).toEqual(opened.map(() => child.pid));
    expect(listenerOwners(sample.sockets, child.ports)).toEqual(child.ports.map(() => child.pid));
    source.close?.();
  });
});

const isRoot = process.getuid?.() === 0;
/** Unprivileged like nobody, but no other work on this machine opens sockets as this uid. */
const LONER = 64_123;

describe.skipIf(!isRoot)('owner resolver unprivileged, in a pid namespace of its own (root)', () => {
  let built: BuiltEntries;
  beforeAll(async () => {
    built = await buildForTest({ 'resolve-passes': 'electron/core/owners/resolve-passes-entry.ts' });
  }, 60_000);
  afterAll(() => built?.remove());

  it('searches once for sockets it can never attribute, then reads no process for them again', async () => {
    const drop = ['setpriv', `--reuid=${LONER}`, `--regid=${LONER}`, '--clear-groups'];
    const resolver = spawn(
      'unshare',
      ['--pid', '--fork', '--kill-child', '--mount-proc', ...drop, process.execPath, built.path('resolve-passes'), '5'],
      {
        stdio: ['pipe', 'pipe', 'inherit'],
      },
    );
    children.push(resolver);
    const fromResolver = jsonLines(resolver.stdout);
    const ready = (await fromResolver()) as { port: number; cold: { scanned: number; owners: number[] } };
    // It can read its own fds (it is pid 1 there): unknown below is the cache, not blindness.
    expect(ready.cold.owners).toEqual([1]);
    // Opened after its cold pass, outside its namespace: a listener of its own uid, and root's.
    const holder = spawn(
      process.execPath,
      ['-e', "const s=require('net').createServer().listen(0,'127.0.0.1',()=>console.log(s.address().port))"],
      {
        uid: LONER,
        gid: LONER,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    children.push(holder);
    const rootServer = createServer();
    await new Promise<void>((resolve) => rootServer.listen(0, '127.0.0.1', resolve));
    try {
      const holderPort = Number(await jsonLines(holder.stdout)());
      resolver.stdin.write(`${holderPort} ${(rootServer.address() as { port: number }).port}\n`);
      const out = (await fromResolver()) as {
        pid: number;
        uid: number;
        passes: { scanned: number; owners: (number | null)[] }[];
      };
      expect([out.pid, out.uid]).toEqual([1, LONER]);
      for (const p of out.passes) expect(p.owners).toEqual([1, null, null]);
      // First sighting: the one process of the socket's uid it can read (itself) is searched.
      // After that the sockets are known unknowns: retried on every pass, nothing read for them.
      expect(out.passes.map((p) => p.scanned)).toEqual([1, 0, 0, 0, 0]);
    } finally {
      rootServer.close();
    }
  });
});
