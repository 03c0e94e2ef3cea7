/**
 * One key per address for host names: the table may show `::ffff:127.0.0.1` where /etc/hosts says
 * `127.0.0.1`, and the service and the renderer must agree which address a name belongs to.
 */
import { parseIp } from './filter-address';

/**
 * One spelling per address, so the table's `::ffff:127.0.0.1` and the hosts file's `127.0.0.1`
 * meet: IPv4 and IPv4-mapped IPv6 become dotted IPv4, IPv6 is lower-cased without a zone.
 * Null for text that is no address.
 */
export function canonicalAddress(address: string): string | null {
  const bytes = parseIp(address);
  if (bytes === null) return null;
  const mapped = bytes.subarray(0, 12).every((b, i) => b === (i < 10 ? 0 : 0xff));
  if (mapped) return Array.from(bytes.subarray(12)).join('.');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  return formatIpv6Groups(groups);
}

/**
 * RFC 5952 text of an IPv6 address given as 8 groups of 16 bits: lowercase, no leading zeros,
 * the longest run of two or more zero groups shortened to '::' (the first such run on a tie).
 * Exported on its own so tests and other adapters canonicalize the same way.
 */
export function formatIpv6Groups(groups: ArrayLike<number>): string {
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  let text = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      text += i === 0 ? '::' : ':';
      i += bestLength - 1;
      continue;
    }
    text += (groups[i] ?? 0).toString(16);
    if (i < 7) text += ':';
  }
  return text;
}
