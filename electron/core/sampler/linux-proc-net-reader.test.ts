import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Socket } from '../../../shared/model';
import { parseProcNet } from './linux-proc-net-parse';
import type { ProcNetTable } from './linux-proc-net-parse';
import { createProcNetReader } from './linux-proc-net-reader';
import type { RowFields } from './proc-address-test-kit';
import { PROC_NET_HEADER, formatRow } from './proc-address-test-kit';

const TCP = readFileSync(join(__dirname, 'fixtures/linux/capture-1/proc/net/tcp'));
const lines = TCP.toString('latin1').split('\n');

const bytes = (text: string): Buffer => Buffer.from(text, 'latin1');
const row = (over: Partial<RowFields>): RowFields => ({
  slot: 0,
  local: [127, 0, 0, 1],
  localPort: 40000,
  remote: [0, 0, 0, 0],
  remotePort: 0,
  state: 10,
  txQueue: 0,
  rxQueue: 0,
  timerKind: 0,
  when: 0,
  retransmits: 0,
  uid: 0,
  timeout: 0,
  inode: 1000,
  ...over,
});
const table = (rows: RowFields[]): Buffer =>
  bytes([PROC_NET_HEADER, ...rows.map((r, i) => formatRow({ ...r, slot: i }))].join('\n') + '\n');

function tick(reader: ReturnType<typeof createProcNetReader>, buf: Uint8Array, name: ProcNetTable = 'tcp'): Socket[] {
  const { sockets } = reader.read(buf, name);
  reader.commit(sockets);
  return sockets;
}

describe('createProcNetReader', () => {
  it('returns the same objects for unchanged rows, even when rows shift', () => {
    const reader = createProcNetReader();
    const first = tick(reader, TCP);
    // A new row at the top renumbers every slot ("sl") of the rows below it.
    const shifted = [lines[0], formatRow(row({ inode: 999999 })), ...lines.slice(1)].join('\n');
    const second = tick(reader, bytes(shifted));
    expect(second).toHaveLength(first.length + 1);
    const withInode = first.filter((s) => s.inode !== 0);
    for (const s of withInode) expect(second).toContain(s);
    // TIME_WAIT rows (inode 0) count down: built afresh, equal when nothing else changed.
    const timeWait = first.filter((s) => s.inode === 0);
    for (const s of timeWait) expect(second).not.toContain(s);
    expect(second.filter((s) => s.inode === 0)).toEqual(timeWait);
  });

  it('finds unchanged rows that moved (rows in another order)', () => {
    const reader = createProcNetReader();
    const rows = [row({ inode: 1, localPort: 1 }), row({ inode: 2, localPort: 2 }), row({ inode: 3, localPort: 3 })];
    const first = tick(reader, table(rows));
    const second = tick(reader, table([...rows].reverse()));
    expect(second).toEqual([...first].reverse());
    second.forEach((s, i) => expect(s).toBe(first[2 - i]));
  });

  it('starts over when a tick was abandoned before its commit', () => {
    const reader = createProcNetReader();
    tick(reader, table([row({ inode: 1 })]));
    reader.read(table([row({ inode: 1 }), row({ inode: 2 })]), 'tcp');
    // No commit (the sample failed); the next tick's rows and replacements still line up.
    const { sockets } = reader.read(table([row({ inode: 2 })]), 'tcp');
    const owned = { ...(sockets[0] as Socket), owner: { pid: 9, startTime: 1, name: 'y' } };
    reader.commit([owned]);
    expect(tick(reader, table([row({ inode: 2 })]))[0]).toBe(owned);
  });

  it('builds a new object for a row whose state, queue or timer changed', () => {
    const reader = createProcNetReader();
    const [before] = tick(reader, table([row({ state: 1 })]));
    const [sameAgain] = tick(reader, table([row({ state: 1 })]));
    const [closing] = tick(reader, table([row({ state: 8 })]));
    const [queued] = tick(reader, table([row({ state: 8, rxQueue: 5 })]));
    expect(sameAgain).toBe(before);
    expect(closing).not.toBe(before);
    expect(closing).toMatchObject({ state: 'CLOSE_WAIT', rxQueue: 0 });
    expect(queued).toMatchObject({ state: 'CLOSE_WAIT', rxQueue: 5 });
  });

  it('remembers rows replaced between read and commit (owner filled in)', () => {
    const reader = createProcNetReader();
    const { sockets } = reader.read(table([row({})]), 'tcp');
    const owned = { ...(sockets[0] as Socket), owner: { pid: 7, startTime: 1, name: 'x' } };
    reader.commit([owned]);
    expect(tick(reader, table([row({})]))[0]).toBe(owned);
  });

  it('never reuses a row that has become malformed', () => {
    const reader = createProcNetReader();
    tick(reader, table([row({})]));
    const broken = table([row({})]).toString('latin1').replace(' 0A ', ' 0Z ');
    const result = reader.read(bytes(broken), 'tcp');
    expect(result).toMatchObject({ sockets: [], skipped: 1 });
    expect(result.firstError).toMatch(/bad state/);
  });

  it('refuses a once-valid row corrupted anywhere before its inode ends, slot number included', () => {
    const line = formatRow(row({ inode: 4242 }));
    const inodeEnd = line.indexOf(' 4242') + 5;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: inodeEnd - 1 }), (at) => {
        const reader = createProcNetReader();
        tick(reader, bytes(`${PROC_NET_HEADER}\n${line}\n`));
        const broken = `${line.slice(0, at)}x${line.slice(at + 1)}`;
        const result = reader.read(bytes(`${PROC_NET_HEADER}\n${broken}\n`), 'tcp');
        expect(result).toMatchObject({ sockets: [], skipped: 1 });
      }),
      { numRuns: 200 },
    );
  });

  it('takes an unchanged lead at once and still agrees with parseProcNet after edits anywhere', () => {
    // Each tick edits the last one at one place (or not at all), so long leads read back byte for byte.
    const edit = fc.record({ at: fc.nat(), kind: fc.constantFrom('none', 'change', 'insert', 'drop', 'corrupt', 'blank'), port: fc.nat(50) });
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 20 }), fc.array(edit, { maxLength: 6 }), (inodes, edits) => {
        const reader = createProcNetReader();
        let lines = inodes.map((inode, i) => formatRow(row({ inode, localPort: i })));
        let before: Socket[] = [];
        for (const e of [{ at: 0, kind: 'none', port: 0 }, ...edits]) {
          const at = lines.length === 0 ? 0 : e.at % lines.length;
          if (e.kind === 'change') lines[at] = formatRow(row({ inode: 7, localPort: e.port, state: 1 }));
          if (e.kind === 'insert') lines.splice(at, 0, formatRow(row({ inode: 8, localPort: e.port })));
          if (e.kind === 'drop') lines.splice(at, 1);
          if (e.kind === 'corrupt' && lines[at] !== undefined) lines[at] = corrupted(lines[at], true);
          if (e.kind === 'blank') lines.splice(at, 0, '');
          lines = lines.map((l, i) => (l === '' ? l : l.replace(/^\s*\d+:/, `${String(i).padStart(4)}:`)));
          const buf = bytes([PROC_NET_HEADER, ...lines].join('\n') + '\n');
          const got = reader.read(buf, 'tcp');
          reader.commit(got.sockets);
          expect(got).toEqual(parseProcNet(buf, 'tcp'));
          // A row whose text after its slot is as before (an inode, so cached) is the same object.
          for (const s of got.sockets) {
            const old = before.find((b) => b.id === s.id && b.inode !== 0);
            if (old !== undefined && JSON.stringify(old) === JSON.stringify(s)) expect(s).toBe(old);
          }
          before = got.sockets;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('names the right line of a malformed row after an unchanged lead', () => {
    const reader = createProcNetReader();
    const rows = [row({ inode: 1 }), row({ inode: 2 }), row({ inode: 3 })];
    tick(reader, table(rows));
    const broken = table(rows).toString('latin1').split('\n');
    broken[3] = corrupted(broken[3] ?? '', true);
    const result = reader.read(bytes(broken.join('\n')), 'tcp');
    expect(result.sockets).toHaveLength(2);
    expect(result.firstError).toMatch(/^\/proc\/net\/tcp line 4: bad state/);
  });

  it('agrees with parseProcNet tick after tick on generated tables', () => {
    const rowArb = fc.record({
      inode: fc.integer({ min: 0, max: 30 }),
      state: fc.integer({ min: 1, max: 13 }),
      rxQueue: fc.integer({ min: 0, max: 3 }),
      timerKind: fc.integer({ min: 0, max: 4 }),
      when: fc.integer({ min: 0, max: 2 }),
      localPort: fc.integer({ min: 0, max: 3 }),
      corrupt: fc.boolean(),
    });
    const ticks = fc.array(fc.array(rowArb, { maxLength: 12 }), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(ticks, fc.constantFrom<ProcNetTable>('tcp', 'udp'), (tables, name) => {
        const reader = createProcNetReader();
        for (const rows of tables) {
          const text = [PROC_NET_HEADER, ...rows.map((r, i) => corrupted(formatRow(row({ ...r, slot: i })), r.corrupt))];
          const buf = bytes(text.join('\n'));
          const expected = parseProcNet(buf, name);
          const got = reader.read(buf, name);
          reader.commit(got.sockets);
          expect(got).toEqual(expected);
        }
      }),
      { numRuns: 300 },
    );
  });
});

/** Half of the generated rows lose a character in their state field. */
function corrupted(line: string, corrupt: boolean): string {
  if (!corrupt) return line;
  const at = line.indexOf(':', line.indexOf(':', line.indexOf(':') + 1) + 1) + 6;
  return `${line.slice(0, at)}x${line.slice(at + 1)}`;
}

describe('createProcNetReader with a read clock (timers as absolute expiries)', () => {
  const timeWait = (over: Partial<RowFields>): RowFields => row({ state: 6, timerKind: 3, inode: 0, remote: [127, 0, 0, 1], remotePort: 80, ...over });
  const at = (readAt: number) => ({ readAt, toleranceMs: 150 });
  function timedTick(reader: ReturnType<typeof createProcNetReader>, rows: RowFields[], readAt: number): Socket[] {
    const { sockets } = reader.read(table(rows), 'tcp', at(readAt));
    reader.commit(sockets);
    return sockets;
  }

  it('gives a TIME_WAIT row that only counts down back as the same object, with its expiry', () => {
    const reader = createProcNetReader({ clkTck: 100 });
    const [first] = timedTick(reader, [timeWait({ when: 5000 })], 1_000_000);
    expect(first!.timer).toEqual({ kind: 'time-wait', remainingMs: 50_000, retransmits: 0, expiresAt: 1_050_000 });
    // One second later the kernel prints 49 s left: the same timer.
    const [second] = timedTick(reader, [timeWait({ when: 4900 })], 1_001_000);
    expect(second).toBe(first);
    // Rows shifted by a new one above: found again by its key, still the same object.
    const third = timedTick(reader, [row({ inode: 77 }), timeWait({ when: 4800 })], 1_002_000);
    expect(third[1]).toBe(first);
  });

  it('builds a new row when the expiry moved (a restarted TIME_WAIT) or anything else changed', () => {
    const reader = createProcNetReader({ clkTck: 100 });
    const [first] = timedTick(reader, [timeWait({ when: 5000 })], 1_000_000);
    // 59 s left one second later: the timer started over, 9 s after the old expiry.
    const [restarted] = timedTick(reader, [timeWait({ when: 5900 })], 1_001_000);
    expect(restarted).not.toBe(first);
    expect(restarted!.timer?.expiresAt).toBe(1_060_000);
    const [queued] = timedTick(reader, [timeWait({ when: 5800, txQueue: 1 })], 1_002_000);
    expect(queued).not.toBe(restarted);
    expect(queued!.txQueue).toBe(1);
  });

  it('keeps an expired timer (printed as 0 until the kernel reaps the row) as the same row', () => {
    const reader = createProcNetReader({ clkTck: 100 });
    const [first] = timedTick(reader, [timeWait({ when: 10 })], 1_000_000);
    const [zero] = timedTick(reader, [timeWait({ when: 0 })], 1_001_000);
    expect(zero).toBe(first);
    const [later] = timedTick(reader, [timeWait({ when: 0 })], 1_003_000);
    expect(later).toBe(first);
  });

  it('keeps keepalive rows of live sockets the same while their timer counts down', () => {
    const reader = createProcNetReader({ clkTck: 100 });
    const live = (when: number): RowFields => row({ state: 1, timerKind: 2, when, inode: 4242, remote: [127, 0, 0, 1], remotePort: 5432 });
    const [first] = timedTick(reader, [live(720_000)], 1_000_000);
    const [second] = timedTick(reader, [live(719_900)], 1_001_000);
    expect(second).toBe(first);
    expect(first!.timer?.expiresAt).toBe(1_000_000 + 7_200_000);
  });

  it('agrees with parseProcNet apart from timers, whose expiry matches the time left as read', () => {
    const rowArb = fc.record({
      inode: fc.integer({ min: 0, max: 30 }),
      state: fc.integer({ min: 1, max: 13 }),
      rxQueue: fc.integer({ min: 0, max: 3 }),
      timerKind: fc.integer({ min: 0, max: 4 }),
      when: fc.integer({ min: 0, max: 3000 }),
      localPort: fc.integer({ min: 0, max: 3 }),
    });
    const ticks = fc.array(fc.array(rowArb, { maxLength: 12 }), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(ticks, (tables) => {
        const reader = createProcNetReader({ clkTck: 100 });
        tables.forEach((rows, i) => {
          const readAt = 1_000_000 + i * 1000;
          const buf = table(rows.map((r) => row(r)));
          const expected = parseProcNet(buf, 'tcp', { clkTck: 100 });
          const got = reader.read(buf, 'tcp', at(readAt));
          reader.commit(got.sockets);
          const plain = (s: Socket): Socket => ({ ...s, timer: s.timer === null ? null : { ...s.timer, remainingMs: 0, expiresAt: undefined } });
          expect(got.sockets.map(plain)).toEqual(expected.sockets.map(plain));
          got.sockets.forEach((s, j) => {
            const want = expected.sockets[j]!.timer!;
            if (want.kind === 'none') return;
            // The expiry names the time left as printed now, within the tolerance (or both expired).
            const left = s.timer!.expiresAt! - readAt;
            if (want.remainingMs <= 0) expect(left).toBeLessThanOrEqual(150);
            else expect(Math.abs(left - want.remainingMs)).toBeLessThanOrEqual(150);
          });
        });
      }),
      { numRuns: 300 },
    );
  });
});
