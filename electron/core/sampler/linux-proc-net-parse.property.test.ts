import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Socket } from '../../../shared/model';
import { SocketSchema, TCP_STATES } from '../../../shared/model';
import { socketId } from '../../../shared/socket-id';
import type { ProcNetTable } from './linux-proc-net-parse';
import { PROC_NET_TABLES, parseProcNet } from './linux-proc-net-parse';
import type { RowFields } from './proc-address-test-kit';
import { PROC_NET_HEADER, ROW_TRAILER, expectedAddressText, formatRow, tableShape } from './proc-address-test-kit';

const TIMER_KINDS = ['none', 'retransmit', 'keepalive', 'time-wait', 'zero-window-probe'] as const;
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const byte = fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 255 }));

function rowFields(table: ProcNetTable): fc.Arbitrary<RowFields> {
  const address = fc.array(byte, { minLength: tableShape(table).bytes, maxLength: tableShape(table).bytes });
  return fc.record({
    slot: fc.integer({ min: 0, max: 65535 }),
    local: address,
    localPort: fc.integer({ min: 0, max: 65535 }),
    remote: address,
    remotePort: fc.integer({ min: 0, max: 65535 }),
    state: fc.integer({ min: 1, max: TCP_STATES.length }),
    txQueue: u32,
    rxQueue: u32,
    timerKind: fc.integer({ min: 0, max: 4 }),
    when: fc.oneof(fc.constant(0), u32),
    retransmits: fc.oneof(fc.constant(0), u32),
    uid: u32,
    timeout: fc.integer({ min: -1, max: 100000 }),
    inode: fc.oneof(fc.constant(0), u32),
  });
}

/** What the parser must return for generated fields, computed without the parser's code. */
function expectedSocket(table: ProcNetTable, f: RowFields): Socket {
  const { proto } = tableShape(table);
  const state = proto === 'udp' && f.state === 7 ? 'UNCONN' : (TCP_STATES[f.state - 1] ?? 'CLOSE');
  const localAddress = expectedAddressText(f.local);
  const remoteAddress = expectedAddressText(f.remote);
  return {
    id: socketId(proto, localAddress, f.localPort, remoteAddress, f.remotePort, f.inode),
    proto,
    family: f.local.length === 4 ? 4 : 6,
    localAddress,
    localPort: f.localPort,
    remoteAddress,
    remotePort: f.remotePort,
    state,
    inode: f.inode,
    uid: state === 'TIME_WAIT' ? null : f.uid,
    txQueue: f.txQueue,
    rxQueue: f.rxQueue,
    timer: { kind: TIMER_KINDS[f.timerKind] ?? 'none', remainingMs: f.when * 10, retransmits: f.retransmits },
    owner: null,
  };
}

const tableWithRows = fc
  .constantFrom(...PROC_NET_TABLES)
  .chain((table) => fc.tuple(fc.constant(table), fc.array(rowFields(table), { minLength: 1, maxLength: 6 })));

describe('parseProcNet properties', () => {
  it('never throws on arbitrary text, and every row it returns is a valid Socket', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), fc.constantFrom(...PROC_NET_TABLES), (text, table) => {
        const result = parseProcNet(text, table);
        for (const s of result.sockets) expect(SocketSchema.safeParse(s).success).toBe(true);
        expect(result.skipped >= 0).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.constantFrom(...PROC_NET_TABLES), (bytes, table) => {
        expect(() => parseProcNet(bytes, table)).not.toThrow();
      }),
    );
  });

  it('round-trips generated rows of every table', () => {
    fc.assert(
      fc.property(tableWithRows, ([table, rows]) => {
        const text = [PROC_NET_HEADER, ...rows.map(formatRow)].join('\n') + '\n';
        const result = parseProcNet(text, table);
        expect(result.skipped).toBe(0);
        expect(result.sockets).toEqual(rows.map((f) => expectedSocket(table, f)));
      }),
      { numRuns: 300 },
    );
  });

  it('skips and counts a row corrupted anywhere in its fields, keeping the others intact', () => {
    const corruption = fc.record({ victim: fc.nat(), at: fc.nat(), truncate: fc.boolean() });
    fc.assert(
      fc.property(tableWithRows, corruption, ([table, rows], { victim, at, truncate }) => {
        const lines = rows.map(formatRow);
        const index = victim % lines.length;
        const line = lines[index] ?? '';
        // Everything up to the inode's last digit is required; the trailer is read past.
        const end = line.length - ROW_TRAILER.length;
        const inodeStart = end - String(rows[index]?.inode ?? 0).length;
        lines[index] = truncate
          ? line.slice(0, at % inodeStart)
          : `${line.slice(0, at % end)}x${line.slice((at % end) + 1)}`;
        const result = parseProcNet([PROC_NET_HEADER, ...lines].join('\n'), table);
        const survivors = rows.filter((_, i) => i !== index).map((f) => expectedSocket(table, f));
        const blank = lines[index]?.trim() === '';
        expect(result.skipped).toBe(blank ? 0 : 1);
        expect(result.sockets).toEqual(survivors);
        if (!blank) expect(result.firstError).toContain(`/proc/net/${table} line ${index + 2}:`);
      }),
      { numRuns: 1000 },
    );
  });
});
