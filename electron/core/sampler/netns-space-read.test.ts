import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROC_NET_TABLES, parseProcNet } from './linux-proc-net-parse';
import { createProcNetReader } from './linux-proc-net-reader';
import type { Space } from './netns-space-read';
import { readSpace } from './netns-space-read';
import { timerClock } from './timer-clock';

const TABLES = join(__dirname, 'fixtures/linux/capture-1/proc/net');
const COUNTERS = join(__dirname, 'fixtures/netns-counters');

/** A namespace over recorded files: the capture's four tables, the counters as `counters` gives them. */
function space(counters: (name: string) => string): { space: Space; reads: string[] } {
  const reads: string[] = [];
  const files = (path: string): Uint8Array => {
    const name = path.split('/').pop() ?? '';
    reads.push(name);
    if ((PROC_NET_TABLES as readonly string[]).includes(name)) return readFileSync(join(TABLES, name));
    return Buffer.from(counters(name), 'latin1');
  };
  const info = { inode: 4026532999, kind: 'netns' as const, label: 'netns:4026532999' };
  const reader = createProcNetReader({ clkTck: 100 });
  const s: Space = {
    info,
    addresses: [],
    members: [4242],
    files,
    reader,
    labelledAt: 0,
    clock: timerClock(),
    last: null,
    tick: null,
  };
  return { space: s, reads };
}

const expected = PROC_NET_TABLES.flatMap((t) =>
  parseProcNet(readFileSync(join(TABLES, t)), t, { clkTck: 100 }).sockets.map((s) => s.id),
);
const opts = { maxAgeMs: 60_000, timers: true };

describe('readSpace when the counters cannot serve', () => {
  it('reads every table in full, tick after tick, says why, and gives the rows the tables hold', () => {
    const { space: s, reads } = space((name) =>
      name === 'sockstat' ? 'sockets: used 6\nTCP: inuse three\n' : readFileSync(join(COUNTERS, name), 'latin1'),
    );
    for (let tick = 0; tick < 3; tick++) {
      reads.length = 0;
      const errors: string[] = [];
      const got = readSpace('/proc', s, errors, tick * 100, opts);
      expect(got?.tables).toBe(4);
      expect(got?.rows.map((r) => r.id)).toEqual(expected);
      expect(s.tick).toBeNull();
      expect(errors).toEqual([
        'netns:4026532999: change counters unusable (sockstat has no readable "TCP: inuse"); its tables are read in full',
      ]);
      expect(reads.filter((n) => n.startsWith('tcp') || n.startsWith('udp'))).toEqual(['tcp', 'tcp6', 'udp', 'udp6']);
      s.reader.commit(got?.rows ?? []);
    }
  });

  it('reads in full, quietly, when the counter files cannot be read (the tables decide)', () => {
    const { space: s } = space(() => {
      throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
    });
    const errors: string[] = [];
    const got = readSpace('/proc', s, errors, 0, opts);
    expect(got?.rows.map((r) => r.id)).toEqual(expected);
    expect(errors).toEqual([]);
  });

  it('serves the last rows only on the same key within the age, else reads again', () => {
    const { space: s } = space((name) => readFileSync(join(COUNTERS, name), 'latin1'));
    const first = readSpace('/proc', s, [], 0, opts);
    expect(first?.tables).toBe(4);
    s.reader.commit(first?.rows ?? []);
    s.last = { key: String(s.tick), at: 0, rows: first?.rows ?? [] };
    const again = readSpace('/proc', s, [], 1000, opts);
    expect(s.tick).toBe('reused');
    expect(again?.rows).toBe(s.last.rows);
    // Past any namespace's maximum age: a full read, whatever the counters say.
    expect(readSpace('/proc', s, [], 60_000, opts)?.tables).toBe(4);
    s.reader.commit([]);
    s.last = { ...s.last, key: 'another key' };
    expect(readSpace('/proc', s, [], 1000, opts)?.tables).toBe(4);
  });
});
