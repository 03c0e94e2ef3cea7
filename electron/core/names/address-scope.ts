/**
 * Which addresses may be sent to a resolver. Loopback, link-local, private (RFC 1918, CGNAT,
 * IPv6 unique-local), multicast and unspecified addresses say something about this network that
 * an outside DNS server has no business learning, and it could not name them anyway.
 */
import { parseIp } from '../../../shared/filter-address';

/** Leading bits of each local-only network, over the 16-byte (IPv4-mapped) form. */
const LOCAL_ONLY: readonly (readonly [string, number])[] = [
  ['::ffff:0.0.0.0', 104], // 0.0.0.0/8 (this network)
  ['::ffff:127.0.0.0', 104], // loopback
  ['::ffff:10.0.0.0', 104], // private
  ['::ffff:172.16.0.0', 108], // private
  ['::ffff:192.168.0.0', 112], // private
  ['::ffff:169.254.0.0', 112], // link-local
  ['::ffff:100.64.0.0', 106], // carrier-grade NAT
  ['::ffff:224.0.0.0', 100], // multicast
  ['::ffff:255.255.255.255', 128], // broadcast
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['fe80::', 10], // link-local
  ['fc00::', 7], // unique local
  ['ff00::', 8], // multicast
];

const NETS = LOCAL_ONLY.map(([text, prefix]) => ({ bytes: parseIp(text) ?? new Uint8Array(16), prefix }));

function inNet(bytes: Uint8Array, net: { bytes: Uint8Array; prefix: number }): boolean {
  for (let bit = 0; bit < net.prefix; bit += 8) {
    const left = Math.min(8, net.prefix - bit);
    const mask = (0xff << (8 - left)) & 0xff;
    if (((bytes[bit >> 3] ?? 0) & mask) !== ((net.bytes[bit >> 3] ?? 0) & mask)) return false;
  }
  return true;
}

/** True when the address must be named from /etc/hosts only; also for text that is no address. */
export function isLocalOnly(address: string): boolean {
  const bytes = parseIp(address);
  return bytes === null || NETS.some((net) => inNet(bytes, net));
}
