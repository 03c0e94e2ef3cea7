/**
 * Test-only helpers that write /proc/net rows the way the kernel does, and compute the expected
 * address text independently of the decoder under test (WHATWG URL for IPv6). Shared by the
 * address, parser and source tests so each writes rows the same way.
 */
import type { Proto } from '../../../shared/model';
import type { ProcNetTable } from './linux-proc-net-parse';

/** Address bytes as the kernel prints them: host-order 32-bit words in upper-case hex. */
export function procHex(bytes: readonly number[], littleEndian = true): string {
  let text = '';
  for (let w = 0; w < bytes.length; w += 4) {
    const word = bytes.slice(w, w + 4);
    for (const b of littleEndian ? word.reverse() : word) text += hex(b, 2);
  }
  return text;
}

/** Upper-case hex, zero-padded to `width`. */
export function hex(value: number, width: number): string {
  return value.toString(16).toUpperCase().padStart(width, '0');
}

/** Eight 16-bit groups of a 16-byte address. */
export function groupsOf(bytes: readonly number[]): number[] {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i] ?? 0) * 256 + (bytes[i + 1] ?? 0));
  return groups;
}

/** Expected text of an address: dotted IPv4, ::ffff:a.b.c.d for mapped, else the WHATWG URL form. */
export function expectedAddressText(bytes: readonly number[]): string {
  if (bytes.length === 4) return bytes.join('.');
  const groups = groupsOf(bytes);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) return `::ffff:${bytes.slice(12).join('.')}`;
  return new URL(`http://[${groups.map((g) => g.toString(16)).join(':')}]`).hostname.slice(1, -1);
}

/** The fields of one /proc/net row, as numbers. */
export interface RowFields {
  slot: number;
  local: number[];
  localPort: number;
  remote: number[];
  remotePort: number;
  state: number;
  txQueue: number;
  rxQueue: number;
  timerKind: number;
  when: number;
  retransmits: number;
  uid: number;
  timeout: number;
  inode: number;
}

/** One row with the kernel's spacing (trailing columns the parser ignores included). */
export function formatRow(f: RowFields): string {
  return (
    `${String(f.slot).padStart(4)}: ${procHex(f.local)}:${hex(f.localPort, 4)} ` +
    `${procHex(f.remote)}:${hex(f.remotePort, 4)} ${hex(f.state, 2)} ` +
    `${hex(f.txQueue, 8)}:${hex(f.rxQueue, 8)} ${hex(f.timerKind, 2)}:${hex(f.when, 8)} ` +
    `${hex(f.retransmits, 8)} ${String(f.uid).padStart(5)} ${String(f.timeout).padStart(8)} ${f.inode}` +
    ROW_TRAILER
  );
}

/** The columns after the inode that the parser reads past (ref, pointer, timers, cwnd, ssthresh). */
export const ROW_TRAILER = ' 1 0000000000000000 100 0 0 10 0';

/** The header line of a table, as the kernel prints it. */
export const PROC_NET_HEADER =
  '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode';

/** Protocol and address width of a table. */
export function tableShape(table: ProcNetTable): { proto: Proto; bytes: number } {
  return { proto: table.startsWith('tcp') ? 'tcp' : 'udp', bytes: table.endsWith('6') ? 16 : 4 };
}
