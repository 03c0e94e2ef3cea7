/**
 * /etc/hosts read by Ephemera itself. Loopback, link-local and private addresses are named from
 * this file only, so they never reach a resolver; reading it here (instead of through
 * getnameinfo) also keeps those lookups off libuv's small thread pool, which the sampler's file
 * reads share.
 */
import { readFile } from 'node:fs/promises';
import { canonicalAddress } from '../../../shared/address-key';

/** Where the system keeps it. */
export const HOSTS_PATH = '/etc/hosts';

/**
 * Address → first name, from the text of a hosts file. Comments and blank lines are skipped; a
 * line whose first field is not an address is skipped too; the first line for an address wins,
 * as the C library's reverse lookup answers.
 */
export function parseHosts(text: string): Map<string, string> {
  const names = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') continue;
    const [address, name] = line.split(/\s+/);
    if (address === undefined || name === undefined) continue;
    const key = canonicalAddress(address);
    if (key !== null && !names.has(key)) names.set(key, name);
  }
  return names;
}

/** Reads and parses a hosts file; a missing or unreadable file names nothing (and says why). */
export async function readHosts(path = HOSTS_PATH): Promise<{ names: Map<string, string>; error: string | null }> {
  try {
    return { names: parseHosts(await readFile(path, 'utf8')), error: null };
  } catch (error) {
    return { names: new Map(), error: `${path} not read: ${error instanceof Error ? error.message : String(error)}` };
  }
}
