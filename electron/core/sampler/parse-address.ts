/**
 * Address and port text as the socket tools print it (ss, lsof, macOS and Windows netstat), turned
 * into the one canonical form every source shares: IPv4 dotted quads, RFC 5952 IPv6 (IPv4-mapped as
 * ::ffff:a.b.c.d, like the procfs decoder), wildcards as the family's any-address, '*' ports as 0.
 * Anything that is not a well-formed address comes back null, so a parser can refuse the row.
 */
import type { Family, Proto } from '../../../shared/model';
import { parseIp } from '../../../shared/filter-address';
import { formatIpv6Groups } from './proc-address';

/** An address in canonical text with its family. */
export interface HostText {
  address: string;
  family: Family;
}

/** The any-address of each family: what every wildcard spelling becomes. */
export const ANY_ADDRESS: Readonly<Record<Family, string>> = { 4: '0.0.0.0', 6: '::' };

const ZONE = /^[A-Za-z0-9_.-]{1,32}$/;
const CANONICAL_V4 = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/;
const NO_SPACE = /^\S+$/;

/** The 16 bytes of an address without zone or brackets (shared with the filter), or null. */
function addressBytes(text: string): Uint8Array | null {
  return NO_SPACE.test(text) && !text.includes('%') && !text.includes('[') ? parseIp(text) : null;
}

/** The four octets of a strict dotted quad (each 0-255), or null. */
function ipv4Octets(text: string): number[] | null {
  const bytes = text.includes(':') ? null : addressBytes(text);
  return bytes ? Array.from(bytes.subarray(12)) : null;
}

/** True for a strict dotted-quad IPv4 address. */
export function isIpv4(text: string): boolean {
  return ipv4Octets(text) !== null;
}

/** The eight 16-bit groups of an IPv6 address without zone, or null when it is not one. */
function ipv6Groups(text: string): number[] | null {
  const bytes = text.includes(':') ? addressBytes(text) : null;
  if (!bytes) return null;
  return Array.from({ length: 8 }, (_, i) => (bytes[i * 2]! << 8) | bytes[i * 2 + 1]!);
}

/**
 * RFC 5952 text of an IPv6 address (lowercase, shortest '::'), IPv4-mapped as ::ffff:a.b.c.d,
 * a zone id kept as written after '%' (fe80::1%lo0). Null when the text is not an IPv6 address,
 * which is how a truncated address from a narrow netstat column gets refused.
 */
export function canonicalIpv6(text: string): string | null {
  const percent = text.indexOf('%');
  const bare = percent < 0 ? text : text.slice(0, percent);
  const zone = percent < 0 ? null : text.slice(percent + 1);
  if (zone !== null && !ZONE.test(zone)) return null;
  const groups = ipv6Groups(bare);
  if (!groups) return null;
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  const body = mapped
    ? `::ffff:${groups[6]! >> 8}.${groups[6]! & 255}.${groups[7]! >> 8}.${groups[7]! & 255}`
    : formatIpv6Groups(groups);
  return zone === null ? body : `${body}%${zone}`;
}

/**
 * Canonical host text. '*' (and empty) is the any-address of `wildcardFamily`; brackets are
 * dropped; an IPv4 address on an IPv6 socket (lsof prints mapped peers that way) becomes
 * ::ffff:a.b.c.d when `family` says 6.
 */
export function normalizeHost(text: string, family: Family | null, wildcardFamily: Family = 4): HostText | null {
  // Destroy events name the same few hosts thousands of times a second: remember recent answers.
  const key = `${family ?? 0}${wildcardFamily}${text}`;
  const known = recentHosts.get(key);
  if (known !== undefined) return known;
  const found = normalizeHostText(text, family, wildcardFamily);
  if (recentHosts.size >= RECENT_HOSTS) recentHosts.clear();
  recentHosts.set(key, found);
  return found;
}

/** Answers of normalizeHost kept (the map starts over when full, so it stays small). */
const RECENT_HOSTS = 1024;
const recentHosts = new Map<string, HostText | null>();

function normalizeHostText(text: string, family: Family | null, wildcardFamily: Family): HostText | null {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  // Fast path for the common canonical dotted quad (no leading zeros, each octet <= 255).
  if (CANONICAL_V4.test(bare) && bare.split('.').every((o) => Number(o) <= 255)) {
    return family === 6 ? { address: `::ffff:${bare}`, family: 6 } : { address: bare, family: 4 };
  }
  if (bare === '*' || bare === '') {
    const f = family ?? wildcardFamily;
    return { address: ANY_ADDRESS[f], family: f };
  }
  if (isIpv4(bare)) {
    const octets = ipv4Octets(bare)!.join('.');
    return family === 6 ? { address: `::ffff:${octets}`, family: 6 } : { address: octets, family: 4 };
  }
  if (family === 4) return null;
  const v6 = canonicalIpv6(bare);
  return v6 === null ? null : { address: v6, family: 6 };
}

/** A port number from its text: digits up to 65535, '*' as 0; null for anything else. */
export function parsePort(text: string): number | null {
  if (text === '*') return 0;
  if (!/^\d{1,5}$/.test(text)) return null;
  const port = Number(text);
  return port <= 65535 ? port : null;
}

/** Host and port text of an endpoint split at the last occurrence of `separator`. */
export interface Endpoint {
  host: string;
  port: string;
}

/**
 * Splits 'host:port', '[v6]:port', '*:*' (separator ':') or macOS's 'host.port', '*.*'
 * (separator '.'). Null when there is no separator or either side is empty.
 */
export function splitEndpoint(text: string, separator: ':' | '.'): Endpoint | null {
  if (separator === ':' && text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0 || text[close + 1] !== ':') return null;
    const port = text.slice(close + 2);
    return port === '' ? null : { host: text.slice(0, close + 1), port };
  }
  const cut = text.lastIndexOf(separator);
  if (cut <= 0 || cut === text.length - 1) return null;
  return { host: text.slice(0, cut), port: text.slice(cut + 1) };
}

/** A parsed endpoint: canonical host, family and port. */
export interface ParsedEndpoint extends HostText {
  port: number;
}

/** Splits and normalizes one endpoint; null when any part is malformed. */
export function parseEndpoint(
  text: string,
  separator: ':' | '.',
  family: Family | null,
  wildcardFamily: Family = 4,
): ParsedEndpoint | null {
  const parts = splitEndpoint(text, separator);
  if (!parts) return null;
  const port = parsePort(parts.port);
  const host = normalizeHost(parts.host, family, wildcardFamily);
  return port === null || host === null ? null : { ...host, port };
}

/** True when an endpoint is the wildcard (any-address, port 0): a remote that is not set. */
export function isUnset(endpoint: ParsedEndpoint): boolean {
  return endpoint.port === 0 && endpoint.address === ANY_ADDRESS[endpoint.family];
}

// issue 12: names and scopes as captures print them

/** Finds the IANA port of a service name for a protocol; null when IANA gives none or several. */
export type PortLookup = (name: string, proto: Proto) => number | null;

/** An endpoint with the names the capture printed where it printed no address or no port. */
export interface NamedEndpoint extends ParsedEndpoint {
  /** The host as printed, when it is a name or an address that may be cut; address is '' then. */
  host?: string;
  /** The service name printed instead of a port number; port is 0 when IANA has no one port for it. */
  portName?: string;
}

/** How a name-aware parse reads one endpoint. */
export interface NameOptions {
  proto: Proto;
  lookup: PortLookup;
  /** True when the tool may have cut this host text to its column width (keep it as shown). */
  mayBeCut?: (host: string, port: string) => boolean;
}

const HOST_NAME = /^[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,252})$/;
const SERVICE_NAME = /^[A-Za-z][A-Za-z0-9._+-]{0,63}$/;
const AS_SHOWN = /^[0-9A-Za-z:.%_-]{1,255}$/;

/** True for text that can only be a host name (it has a letter and no address syntax). */
export function isHostName(text: string): boolean {
  return HOST_NAME.test(text) && /[A-Za-z]/.test(text) && !text.includes('..');
}

/**
 * A KAME-embedded scope undone: BSD kernels (macOS lsof and netstat) print a link-local address
 * with its interface index in the second group ('fe80:5::1'); RFC 4291 requires that group to be
 * zero, so a non-zero one is the scope: 'fe80::1%5'. Other text comes back unchanged.
 */
export function unKame(text: string): string {
  if (text.includes('%') || !/^(fe80|ff0[125]):[0-9a-f]{1,4}:/i.test(text)) return text;
  const groups = ipv6Groups(text);
  if (!groups || groups[1] === 0) return text;
  const scope = groups[1]!;
  const bare = formatIpv6Groups([groups[0]!, 0, ...groups.slice(2)]);
  return `${bare}%${scope}`;
}

function namedPort(text: string, proto: Proto, lookup: PortLookup): { port: number; portName?: string } | null {
  const port = parsePort(text);
  if (port !== null) return { port };
  if (!SERVICE_NAME.test(text)) return null;
  return { port: lookup(text.toLowerCase(), proto) ?? 0, portName: text };
}

function namedHost(text: string, port: string, family: Family | null, wildcardFamily: Family, o: NameOptions): (HostText & { host?: string }) | null {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const f = family ?? wildcardFamily;
  if (o.mayBeCut?.(bare, port) === true && AS_SHOWN.test(bare) && !isIpv4(bare)) return { address: '', family: f, host: bare };
  const host = normalizeHost(text.startsWith('[') ? `[${unKame(bare)}]` : unKame(text), family, wildcardFamily);
  if (host) return host;
  return isHostName(bare) ? { address: '', family: f, host: bare } : null;
}

/**
 * Splits and normalizes an endpoint that may carry names ('localhost:ipp', 'n03.mail.imaps',
 * '*:http', '[fe80:5::1]:123'). A name is kept as printed and never resolved; a service name
 * takes its IANA port where there is exactly one. Null when any part is not an address, a name
 * or a port, so the row is refused rather than guessed.
 */
export function parseNamedEndpoint(
  text: string,
  separator: ':' | '.',
  family: Family | null,
  wildcardFamily: Family,
  options: NameOptions,
): NamedEndpoint | null {
  const parts = splitEndpoint(text, separator);
  if (!parts) return null;
  const port = namedPort(parts.port, options.proto, options.lookup);
  const host = port === null ? null : namedHost(parts.host, parts.port, family, wildcardFamily, options);
  if (port === null || host === null) return null;
  const out: NamedEndpoint = { address: host.address, family: host.family, port: port.port };
  if (host.host !== undefined) out.host = host.host;
  if (port.portName !== undefined) out.portName = port.portName;
  return out;
}
