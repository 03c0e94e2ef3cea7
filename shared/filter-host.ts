/**
 * Host-name values of the filter's `remote:` key (issue 13): `remote:localhost`,
 * `remote:*.github.com`, `remote:db-?.internal:5432`. `*` matches any run of characters (dots
 * included), `?` one character; case does not matter. A name matches through the host names the
 * service found, so a row whose name has not arrived yet matches by its address only.
 */
import type { PortRange } from './model';
import { parsePortRange, type ValueResult } from './filter-values';

/** A name pattern plus an optional port range. */
export interface HostPattern {
  regex: RegExp;
  ports: PortRange | null;
}

const NAME = /^[a-z0-9*?_-]+(\.[a-z0-9*?_-]+)*\.?$/i;

/** True when the text reads as a host name (it has a letter or a wildcard), not as an address. */
export function looksLikeHost(text: string): boolean {
  const name = text.split(':')[0] ?? '';
  return /[a-z*?]/i.test(name) && NAME.test(name);
}

/** Parses `name`, `*.name` or `name:port[-port]`. */
export function parseHostPattern(text: string): ValueResult<HostPattern> {
  const parts = text.split(':');
  if (parts.length > 2) return { ok: false, error: `'${text}' is not a host name (examples: localhost, *.github.com, db.internal:5432)` };
  const [name = '', portText] = parts;
  if (!NAME.test(name)) return { ok: false, error: `'${name}' is not a host name (letters, digits, '-', '.', '*', '?')` };
  const body = name
    .replace(/\.$/, '')
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  const regex = new RegExp(`^${body}\\.?$`, 'i');
  if (portText === undefined) return { ok: true, value: { regex, ports: null } };
  const ports = parsePortRange(portText);
  return ports.ok ? { ok: true, value: { regex, ports: ports.value } } : ports;
}

/** True when a name (null/undefined: none known) and a port match a pattern. */
export function hostMatches(name: string | null | undefined, port: number, p: HostPattern): boolean {
  if (name === null || name === undefined) return false;
  return p.regex.test(name) && (p.ports === null || (port >= p.ports.low && port <= p.ports.high));
}
