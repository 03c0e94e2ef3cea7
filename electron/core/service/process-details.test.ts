import { spawnSync } from 'node:child_process';
import { processes } from 'systeminformation';
import { describe, expect, it } from 'vitest';
import { ProcessExitedError, getProcessDetails, processInfoFromSi } from './process-details';

describe('getProcessDetails on Linux (/proc)', () => {
  it('reads this process', async () => {
    const me = await getProcessDetails(process.pid, undefined, 'linux');
    expect(me).toMatchObject({ pid: process.pid, ppid: process.ppid, uid: process.getuid?.() });
    expect(me.exe).toBe(process.execPath);
  });

  it('says a process has exited, and a reused pid is not the old process', async () => {
    const gone = spawnSync('true').pid!;
    const e = await getProcessDetails(gone, undefined, 'linux').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ProcessExitedError);
    expect((e as Error).message).toBe(`process ${gone} has exited`);
    const me = await getProcessDetails(process.pid, undefined, 'linux');
    await expect(getProcessDetails(process.pid, me.startTime + 5, 'linux')).rejects.toThrow(/now belongs to a newer process/);
    await expect(getProcessDetails(process.pid, me.startTime, 'linux')).resolves.toMatchObject({ pid: process.pid });
  });
});

describe('getProcessDetails through systeminformation (the macOS/Windows path, run here)', () => {
  it('maps a real process row and reports a missing pid as exited', async () => {
    const me = await getProcessDetails(process.pid, undefined, 'darwin');
    expect(me.pid).toBe(process.pid);
    expect(me.name).toBe('node');
    expect(me.startTime).toBe(0);
    expect(me.rssBytes).toBeGreaterThan(1_000_000);
    expect(me.startedAt).toBeLessThanOrEqual(Date.now());
    expect(me.startedAt).toBeGreaterThan(Date.now() - 24 * 3600_000 * 365);
    const gone = spawnSync('true').pid!;
    await expect(getProcessDetails(gone, undefined, 'win32')).rejects.toThrow(`process ${gone} has exited`);
  });

  it('builds exe from folder + command on Unix and keeps a full Windows path', async () => {
    const row = (await processes()).list.find((p) => p.pid === process.pid)!;
    expect(processInfoFromSi({ ...row, path: '/usr/bin', command: 'node', params: '-e  1' })).toMatchObject({
      exe: '/usr/bin/node',
      cmdline: ['/usr/bin/node', '-e', '1'],
    });
    expect(processInfoFromSi({ ...row, name: 'node.exe', path: 'C:\\Program Files\\nodejs\\node.exe', command: 'node.exe x' }).exe).toBe(
      'C:\\Program Files\\nodejs\\node.exe',
    );
    expect(processInfoFromSi({ ...row, path: '', user: '', started: 'garbage', cpu: -1 })).toMatchObject({
      exe: null,
      user: null,
      startedAt: null,
      cpuPercent: null,
    });
  });
});
