/**
 * endProcess against real child processes with real signals: Node and Python listeners ended
 * and their ports free afterwards, a SIGTERM-ignoring child that survives term and dies with
 * kill, a stale start time refused, pid 0, pid 1, this process, its parent and a kernel thread
 * refused before any signal, and across users both ways (root ends nobody's child; nobody
 * trying a root process gets the permission message).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildForTest, type BuiltEntries } from '../test-kit/build-for-test';
import { createActions } from './action-service';
import type { ChildListener } from './child-kit';
import { canListen, spawnListener } from './child-kit';
import { isKernelThreadStat } from './process-facts';
import { PERMISSION_TEXT } from './process-guard';
import { realEnderEffects } from './real-effects';

const isLinux = process.platform === 'linux';
const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;

/** The real kill, with a net under it: these pids must never receive a signal from a test. */
const signalled: number[] = [];
const real = realEnderEffects();
const guardedSignal = (pid: number, signal: 'SIGTERM' | 'SIGKILL') => {
  signalled.push(pid);
  if (pid <= 2 || pid === process.pid || pid === process.ppid)
    throw new Error(`test safety net: refused to signal pid ${pid}`);
  real.signal(pid, signal);
};
const actions = createActions({ sockets: () => [], ender: { signal: guardedSignal } });

const children: ChildListener[] = [];
async function child(...args: Parameters<typeof spawnListener>) {
  const c = await spawnListener(...args);
  children.push(c);
  return c;
}
afterEach(async () => {
  await Promise.all(children.splice(0).map((c) => c.stop()));
});

describe.skipIf(!isLinux)('endProcess on real processes', () => {
  it.each(['node', 'python'] as const)(
    'ends a %s listener with SIGTERM and the port is free afterwards',
    async (lang) => {
      const c = await child({ lang });
      expect(await canListen(c.port)).toBe(false);
      const result = await actions.endProcess({ pid: c.pid, startTime: c.startTime, signal: 'term' });
      expect(result).toMatchObject({ action: 'end-process', outcome: 'gone' });
      expect(result.message).toContain(`pid ${c.pid}`);
      expect(result.message).toContain('SIGTERM');
      expect(await c.exited).toBe('SIGTERM');
      expect(await canListen(c.port)).toBe(true);
    },
  );

  it('a child that ignores SIGTERM survives term (after the 3 s wait) and is ended by kill', async () => {
    const c = await child({ ignoreTerm: true });
    const started = Date.now();
    const term = await actions.endProcess({ pid: c.pid, startTime: c.startTime, signal: 'term' });
    expect(term.outcome).toBe('still-running');
    expect(term.message).toMatch(/still running 3 s after SIGTERM.*SIGKILL/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2900);
    expect(c.alive()).toBe(true);
    const kill = await actions.endProcess({ pid: c.pid, startTime: c.startTime, signal: 'kill' });
    expect(kill.outcome).toBe('gone');
    expect(await c.exited).toBe('SIGKILL');
  }, 15_000);

  it('refuses a stale start time (a reused pid) and sends nothing', async () => {
    const c = await child();
    const before = signalled.length;
    const result = await actions.endProcess({ pid: c.pid, startTime: c.startTime - 1, signal: 'kill' });
    expect(result.outcome).toBe('refused');
    expect(result.message).toMatch(new RegExp(`pid ${c.pid} now belongs to another process.*reused`));
    expect(signalled.length).toBe(before);
    expect(c.alive()).toBe(true);
  });

  it('refuses pid 0, pid 1, its own pid, its parent and a kernel thread before any signal', async () => {
    const before = signalled.length;
    const ownStart = Number(readFileSync('/proc/self/stat', 'latin1').split(') ')[1]?.split(' ')[19]);
    const cases: [number, number, RegExp][] = [
      [0, 0, /pid 0 is the kernel/],
      [1, 0, /pid 1 is init/],
      [process.pid, ownStart, /Ephemera itself/],
      [process.ppid, 0, /Ephemera's parent/],
    ];
    if (isKernelThreadStat(readFileSync('/proc/2/stat', 'latin1'))) cases.push([2, 0, /kernel thread/]);
    for (const [pid, startTime, words] of cases) {
      const result = await actions.endProcess({ pid, startTime, signal: 'kill' });
      expect(result.outcome, `pid ${pid}`).toBe('refused');
      expect(result.message).toMatch(words);
    }
    expect(signalled.length).toBe(before);
    expect(cases.length).toBeGreaterThanOrEqual(4);
  });

  it('says no such process for a process that has exited', async () => {
    const c = await child();
    await c.stop();
    const result = await actions.endProcess({ pid: c.pid, startTime: c.startTime, signal: 'term' });
    expect(result.outcome).toBe('no-such-process');
  });

  it('keeps every action in the bounded log, newest last', () => {
    const log = actions.log();
    expect(log.length).toBeGreaterThan(4);
    expect(log.at(-1)).toMatchObject({ action: 'end-process', outcome: 'no-such-process' });
    expect(log.every((e) => typeof e.time === 'number' && e.target !== '' && e.message !== '')).toBe(true);
  });
});

describe.skipIf(!isLinux || !isRoot)('endProcess across users (root)', () => {
  let built: BuiltEntries;
  beforeAll(async () => {
    built = await buildForTest({ 'end-process': 'electron/core/test-kit/end-process-entry.ts' });
  }, 60_000);
  afterAll(() => built?.remove());

  it("as root, ends a nobody user's child", async () => {
    const c = await child({ uid: NOBODY });
    const result = await actions.endProcess({ pid: c.pid, startTime: c.startTime, signal: 'term' });
    expect(result.outcome).toBe('gone');
    expect(await c.exited).toBe('SIGTERM');
  });

  it('run as nobody, ending a root process gives the permission message, not a crash', async () => {
    const c = await child();
    const run = spawnSync(process.execPath, [built.path('end-process'), String(c.pid), String(c.startTime), 'kill'], {
      uid: NOBODY,
      gid: NOBODY,
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as { uid: number; result: { outcome: string; message: string } };
    expect(out.uid).toBe(NOBODY);
    expect(out.result.outcome).toBe('permission-denied');
    expect(out.result.message).toContain(PERMISSION_TEXT);
    expect(c.alive()).toBe(true);
  }, 30_000);
});
