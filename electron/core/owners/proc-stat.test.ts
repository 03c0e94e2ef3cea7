import { spawn } from 'node:child_process';
import fc from 'fast-check';
import { readFileSync, symlinkSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProcStat } from './proc-stat';
import { statLine } from './proc-tree-test-kit';

describe('parseProcStat', () => {
  it('reads this process: pid, ppid, start time', () => {
    const stat = parseProcStat(readFileSync('/proc/self/stat', 'latin1'));
    expect(stat?.pid).toBe(process.pid);
    expect(stat?.ppid).toBe(process.ppid);
    expect(stat?.startTime).toBeGreaterThan(0);
  });

  it('reads a real process whose name holds spaces and parentheses', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ephemera-comm-'));
    const weird = join(dir, 'a b) (c) d');
    symlinkSync(process.execPath, weird);
    const child = spawn(weird, ['-e', 'setTimeout(() => {}, 5000)'], { stdio: 'ignore' });
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const stat = parseProcStat(readFileSync(`/proc/${child.pid}/stat`, 'latin1'));
      expect(stat).toMatchObject({ pid: child.pid, comm: 'a b) (c) d', ppid: process.pid, state: expect.any(String) });
    } finally {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('round-trips any comm of up to 15 characters', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 15 }),
        fc.integer({ min: 1, max: 4194304 }),
        fc.nat(),
        fc.nat(),
        fc.nat(),
        (comm, pid, start, utime, stime) => {
          expect(parseProcStat(statLine(pid, comm, start, utime, stime, 7))).toEqual({
            pid,
            comm,
            state: 'S',
            ppid: 7,
            utime,
            stime,
            startTime: start,
          });
        },
      ),
    );
  });

  it('refuses truncated or malformed lines, and never throws', () => {
    const line = statLine(42, 'x', 123);
    expect(parseProcStat(line.slice(0, line.indexOf(' 123 ')))).toBeNull();
    expect(parseProcStat('42 x S 1')).toBeNull();
    expect(parseProcStat(line.replace(' S ', ' 9 '))).toBeNull();
    fc.assert(fc.property(fc.string(), (text) => void parseProcStat(text)));
  });
});
