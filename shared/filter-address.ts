/**
 * IP address parsing for the filter's `remote:` and `local:` keys. Addresses become 16 bytes
 * with IPv4 stored as IPv4-mapped IPv6, so `remote:10.0.0.5` also finds `::ffff:10.0.0.5`, and
 * CIDR prefixes (`10.0.0.0/8`, `fe80::/10`) compare bit by bit.
 */
import type { PortRange } from './model';
import { parsePortRange } from './filter-values';

/** An address (or network) as 16 bytes plus how many leading bits must match. */
export interface IpNet {
  bytes: Uint8Array;
  /** 0-128; 128 for a single address. IPv4 prefixes are stored +96. */
  prefix: number;
}

const V4_MAPPED_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

function parseV4Octets(text: string): number[] | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const octets: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    octets.push(n);
  }
  return octets;
}

function parseV6Groups(text: string): number[] | null {
  const parts = text.split(':');
  const groups: number[] = [];
  for (const [index, part] of parts.entries()) {
    if (index === parts.length - 1 && part.includes('.')) {
      const v4 = parseV4Octets(part);
      if (!v4) return null;
      groups.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
    } else if (/^[0-9a-f]{1,4}$/i.test(part)) {
      groups.push(parseInt(part, 16));
    } else {
      return null;
    }
  }
  return groups;
}

function expandV6(text: string): number[] | null {
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const [head = '', tail] = halves;
  const left = head === '' ? [] : parseV6Groups(head);
  if (!left) return null;
  if (tail === undefined) return left.length === 8 ? left : null;
  const right = tail === '' ? [] : parseV6Groups(tail);
  if (!right || left.length + right.length > 7) return null;
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/**
 * Parses an IPv4 or IPv6 address (zone `%eth0` and surrounding brackets ignored) into 16 bytes;
 * null when it is not an address.
 */
export function parseIp(text: string): Uint8Array | null {
  let t = text.trim();
  if (t.startsWith('[') && t.endsWith(']')) t = t.slice(1, -1);
  const zone = t.indexOf('%');
  if (zone >= 0) t = t.slice(0, zone);
  if (!t.includes(':')) {
    const v4 = parseV4Octets(t);
    return v4 ? Uint8Array.from([...V4_MAPPED_PREFIX, ...v4]) : null;
  }
  const groups = expandV6(t);
  if (!groups) return null;
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => {
    bytes[i * 2] = g >> 8;
    bytes[i * 2 + 1] = g & 0xff;
  });
  return bytes;
}

/** Parses `addr` or `addr/len` into a network; null when either part is invalid. */
export function parseIpNet(text: string): IpNet | null {
  const slash = text.indexOf('/');
  const addr = slash >= 0 ? text.slice(0, slash) : text;
  const bytes = parseIp(addr);
  if (!bytes) return null;
  if (slash < 0) return { bytes, prefix: 128 };
  const lenText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(lenText)) return null;
  const isV4 = !addr.includes(':');
  const len = Number(lenText);
  if (len > (isV4 ? 32 : 128)) return null;
  return { bytes, prefix: isV4 ? len + 96 : len };
}

/** True when `bytes` lies inside `net` (first `net.prefix` bits equal). */
export function ipInNet(bytes: Uint8Array, net: IpNet): boolean {
  const full = net.prefix >> 3;
  for (let i = 0; i < full; i += 1) if (bytes[i] !== net.bytes[i]) return false;
  const rest = net.prefix & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return ((bytes[full] ?? 0) & mask) === ((net.bytes[full] ?? 0) & mask);
}

/** An address filter value: a network plus an optional port range (`10.0.0.5:443`). */
export interface EndpointValue {
  net: IpNet;
  ports: PortRange | null;
}

/** Result of parsing an endpoint value; errors name the part that is wrong. */
export type EndpointResult = { ok: true; value: EndpointValue } | { ok: false; error: string };

function splitEndpoint(text: string): { addr: string; port: string | null } {
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) return { addr: text, port: null };
    const rest = text.slice(close + 1);
    return { addr: text.slice(1, close), port: rest.startsWith(':') ? rest.slice(1) : rest === '' ? null : rest };
  }
  const colons = text.split(':').length - 1;
  if (colons !== 1) return { addr: text, port: null };
  const i = text.indexOf(':');
  return { addr: text.slice(0, i), port: text.slice(i + 1) };
}

/**
 * Parses `addr`, `addr/len`, `v4:port`, `[v6]:port` (port may be a range). A bare IPv6 address
 * has no port part, since its colons are the address's own.
 */
export function parseEndpoint(text: string): EndpointResult {
  const { addr, port } = splitEndpoint(text);
  const net = parseIpNet(addr);
  if (!net)
    return { ok: false, error: `'${addr}' is not an IP address (examples: 10.0.0.5, 10.0.0.0/8, ::1, [::1]:443)` };
  if (port === null) return { ok: true, value: { net, ports: null } };
  const ports = parsePortRange(port);
  return ports.ok ? { ok: true, value: { net, ports: ports.value } } : ports;
}

const ipCache = new Map<string, Uint8Array | null>();
const IP_CACHE_LIMIT = 50_000;

/** parseIp with a bounded memo: a table of 10,000 rows repeats few addresses. */
export function parseIpCached(text: string): Uint8Array | null {
  const hit = ipCache.get(text);
  if (hit !== undefined) return hit;
  if (ipCache.size >= IP_CACHE_LIMIT) ipCache.clear();
  const bytes = parseIp(text);
  ipCache.set(text, bytes);
  return bytes;
}
