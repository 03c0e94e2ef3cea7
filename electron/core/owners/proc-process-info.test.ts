import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { readFileSync, realpathSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parsePasswd, userNameOf } from './passwd';
import type { ProcStat } from './proc-stat';
import {
  ProcessGoneError,
  lifetimeCpuPercent,
  parseBootTime,
  parseCmdline,
  parseStatusUid,
  readProcessInfo,
} from './proc-process-info';

const KEEP_ALIVE = 'setTimeout(() => {}, 10000)';
const children: ChildProcess[] = [];

function start(command: string, args: string[]): Promise<ChildProcess> {
  const child = spawn(command, args, { stdio: 'ignore' });
  children.push(child);
  // Give exec time to replace the forked image, so /proc shows the final program.
  return new Promise((resolve) => setTimeout(() => resolve(child), 300));
}

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

describe('readProcessInfo on real processes', () => {
  it('reads name, exe, argv, user, parent, start, memory of a child', async () => {
    const child = await start(process.execPath, ['-e', KEEP_ALIVE, 'arg1', 'with space']);
    const info = await readProcessInfo(child.pid ?? 0);
    expect(info).toMatchObject({
      pid: child.pid,
      name: 'node',
      exe: realpathSync(process.execPath),
      cmdline: [process.execPath, '-e', KEEP_ALIVE, 'arg1', 'with space'],
      uid: process.getuid?.(),
      user: 'root',
      ppid: process.pid,
    });
    // btime has one-second resolution; starttime ten milliseconds.
    expect(Math.abs((info.startedAt ?? 0) - (Date.now() - 300))).toBeLessThan(2500);
    expect(info.rssBytes).toBeGreaterThan(1024 * 1024);
    expect(info.cpuPercent).toBeGreaterThanOrEqual(0);
    const stat = readFileSync(`/proc/${child.pid}/stat`, 'latin1');
    expect(stat).toContain(` ${info.startTime} `);
  });

  it('reports the user of a process run as nobody', async () => {
    const args = ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '-e', KEEP_ALIVE];
    const child = await start('setpriv', args);
    expect(await readProcessInfo(child.pid ?? 0)).toMatchObject({ uid: 65534, user: 'nobody', name: 'node' });
  });

  it('gives exe null, not an error, when the kernel denies it', async () => {
    const child = await start(process.execPath, ['-e', KEEP_ALIVE]);
    // Seen from another user, a root process's exe link is denied (ptrace read check).
    process.seteuid?.(65534);
    try {
      const info = await readProcessInfo(child.pid ?? 0);
      expect(info.exe).toBeNull();
      expect(info).toMatchObject({ name: 'node', uid: 0, ppid: process.pid });
    } finally {
      process.seteuid?.(0);
    }
  });

  it('throws ProcessGoneError for an exited process and for a reused pid', async () => {
    const child = await start(process.execPath, ['-e', '']);
    if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
    await expect(readProcessInfo(child.pid ?? 0)).rejects.toBeInstanceOf(ProcessGoneError);
    const own = await readProcessInfo(process.pid);
    const reused = readProcessInfo(process.pid, { startTime: own.startTime + 1 });
    await expect(reused).rejects.toMatchObject({ name: 'ProcessGoneError', pid: process.pid });
  });
});

describe('process detail parsers', () => {
  it('splits a NUL-separated command line', () => {
    expect(parseCmdline('node\0-e\0a b\0')).toEqual(['node', '-e', 'a b']);
    expect(parseCmdline('')).toEqual([]);
  });

  it('reads the real uid, and the boot time', () => {
    expect(parseStatusUid('Name:\tx\nUid:\t1000\t1001\t1002\t1003\n')).toBe(1000);
    expect(parseStatusUid('Name:\tx\n')).toBeNull();
    expect(parseBootTime(readFileSync('/proc/stat', 'latin1'))).toBeGreaterThan(1_500_000_000);
  });

  it('averages CPU over the lifetime, in percent of one core', () => {
    const stat: ProcStat = { pid: 1, comm: 'x', state: 'S', ppid: 0, utime: 300, stime: 100, startTime: 1000 };
    // 4 s of CPU over 100 - 10 = 90 s alive.
    expect(lifetimeCpuPercent(stat, 100, 100)).toBe(4.4);
    expect(lifetimeCpuPercent(stat, 10, 100)).toBeNull();
    expect(lifetimeCpuPercent(stat, null, 100)).toBeNull();
  });

  it('maps uids to names from passwd, first entry winning', () => {
    const users = parsePasswd('root:x:0:0:root:/root:/bin/bash\n# c\nbad line\ntoor:x:0:0::/:/bin/sh\nnobody:x:65534:65534::/:/x\n');
    expect([...users]).toEqual([
      [0, 'root'],
      [65534, 'nobody'],
    ]);
    expect(userNameOf(0)).toBe('root');
    expect(userNameOf(0, '/nonexistent/passwd')).toBeNull();
  });
});
