import type { PortRange } from './model';

/** IANA's three port classes (RFC 6335 section 6). */
export type PortClass = 'well-known' | 'registered' | 'dynamic';

/** IANA's dynamic/private range: no service is ever assigned here. */
export const IANA_DYNAMIC: PortRange = { low: 49152, high: 65535 };

/** Linux's default ip_local_port_range, used when /proc/sys cannot be read. */
export const LINUX_DEFAULT_EPHEMERAL: PortRange = { low: 32768, high: 60999 };

/** macOS and Windows defaults (net.inet.ip.portrange.*, netsh dynamicport): IANA's range. */
export const IANA_DEFAULT_EPHEMERAL: PortRange = IANA_DYNAMIC;

/** The IANA class of a port number. */
export function portClass(port: number): PortClass {
  if (port < 1024) return 'well-known';
  if (port < IANA_DYNAMIC.low) return 'registered';
  return 'dynamic';
}

/** True when a port lies inside an inclusive range. */
export function inRange(port: number, range: PortRange): boolean {
  return port >= range.low && port <= range.high;
}

/** Number of ports in an inclusive range. */
export function rangeSize(range: PortRange): number {
  return range.high - range.low + 1;
}
