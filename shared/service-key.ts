/**
 * The key that names a port's service, `port/proto` as IANA writes it ("443/tcp"). One spelling
 * for the renderer that asks, the contract that checks and the service that answers, so a key
 * the table builds is always one the service can look up.
 */
import type { Proto } from './model';

/** Most keys one getServiceNames call may carry: a full table's distinct ports fit in a few calls. */
export const SERVICE_KEY_LIMIT = 4096;

/** "443/tcp". */
export function serviceKey(port: number, proto: Proto): string {
  return `${port}/${proto}`;
}

const KEY = /^(0|[1-9]\d{0,4})\/(tcp|udp)$/;

/** The port and protocol of a key, or null when it is not one (bad spelling, port above 65535). */
export function parseServiceKey(key: string): { port: number; proto: Proto } | null {
  const m = KEY.exec(key);
  if (!m) return null;
  const port = Number(m[1]);
  return port <= 65535 ? { port, proto: m[2] as Proto } : null;
}
