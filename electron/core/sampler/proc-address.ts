/**
 * Address text for /proc/net/{tcp,udp}{,6}. The kernel prints each address as 32-bit words read in
 * host byte order, so on a little-endian machine every word's bytes come out reversed. These
 * decoders work on the raw bytes of the file (no substring, no regex) because they run for every
 * row on every tick.
 */
import { formatIpv6Groups } from '../../../shared/address-key';

/** Hex digit value per byte, -1 for anything that is not [0-9a-fA-F]. */
const HEX_VALUE = new Int8Array(256).fill(-1);
for (let i = 0; i < 10; i++) HEX_VALUE[48 + i] = i;
for (let i = 0; i < 6; i++) {
  HEX_VALUE[65 + i] = 10 + i;
  HEX_VALUE[97 + i] = 10 + i;
}

/** Value of the hex digit at `buf[i]`, or -1 when it is not one (or out of bounds). */
export function hexAt(buf: Uint8Array, i: number): number {
  const c = buf[i];
  return c === undefined ? -1 : (HEX_VALUE[c] ?? -1);
}

/** True when `buf[start, start+length)` is all hex digits. */
export function isHexRun(buf: Uint8Array, start: number, length: number): boolean {
  if (start + length > buf.length) return false;
  for (let i = start; i < start + length; i++) if (hexAt(buf, i) < 0) return false;
  return true;
}

/** Byte `k` (0 = first on the wire) of the address whose hex text starts at `start`. */
function addressByte(buf: Uint8Array, start: number, k: number, littleEndian: boolean): number {
  const word = k >> 2;
  const inWord = littleEndian ? 3 - (k & 3) : k & 3;
  const at = start + word * 8 + inWord * 2;
  return hexAt(buf, at) * 16 + hexAt(buf, at + 1);
}

/** Dotted-quad text of the 4 bytes starting at address byte `first`. */
function dotted(buf: Uint8Array, start: number, first: number, littleEndian: boolean): string {
  return (
    addressByte(buf, start, first, littleEndian) +
    '.' +
    addressByte(buf, start, first + 1, littleEndian) +
    '.' +
    addressByte(buf, start, first + 2, littleEndian) +
    '.' +
    addressByte(buf, start, first + 3, littleEndian)
  );
}

/**
 * IPv4 text from the 8 hex digits at `start` (validated by the caller with isHexRun).
 * `littleEndian` is the byte order of the machine that wrote the file.
 */
export function decodeProcIpv4(buf: Uint8Array, start: number, littleEndian = true): string {
  return dotted(buf, start, 0, littleEndian);
}

/** RFC 5952 text of 8 groups; lives in shared so the renderer keys host names the same way. */
export { formatIpv6Groups };

const scratchGroups = new Uint16Array(8);

/**
 * IPv6 text from the 32 hex digits at `start` (validated by the caller): RFC 5952 canonical,
 * with IPv4-mapped addresses as ::ffff:a.b.c.d.
 */
export function decodeProcIpv6(buf: Uint8Array, start: number, littleEndian = true): string {
  const g = scratchGroups;
  for (let i = 0; i < 8; i++) {
    g[i] = addressByte(buf, start, i * 2, littleEndian) * 256 + addressByte(buf, start, i * 2 + 1, littleEndian);
  }
  if (g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff) {
    return '::ffff:' + dotted(buf, start, 12, littleEndian);
  }
  return formatIpv6Groups(g);
}
