import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Socket } from '../../../shared/model';
import { createProcFileReader } from './linux-proc-file';
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

describe('createProcFileReader', () => {
  it('reads whole /proc files, past its first buffer, into alternating buffers', () => {
    const read = createProcFileReader();
    const a = read('/proc/self/maps');
    const b = read('/proc/self/maps');
    expect(a.length).toBeGreaterThan(0);
    expect(a.buffer).not.toBe(b.buffer);
    const path = join(mkdtempSync(join(tmpdir(), 'ephemera-read-')), 'big');
    const content = Buffer.alloc(300_000, 'abc');
    writeFileSync(path, content);
    expect(Buffer.from(read(path)).equals(content)).toBe(true);
    rmSync(path);
    expect(() => read('/proc/self/no-such-file')).toThrow(/ENOENT/);
  });
});

/** Half of the generated rows lose a character in their state field. */
function corrupted(line: string, corrupt: boolean): string {
  if (!corrupt) return line;
  const at = line.indexOf(':', line.indexOf(':', line.indexOf(':') + 1) + 1) + 6;
  return `${line.slice(0, at)}x${line.slice(at + 1)}`;
}
