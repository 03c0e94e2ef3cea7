/**
 * uid → user name from /etc/passwd, for the details panel. Read on demand and cached until the
 * file changes, so a details view never spawns `id` or `getent` per process.
 */
import { readFileSync, statSync } from 'node:fs';

/** Parses passwd(5) lines `name:password:uid:...`; the first line naming a uid wins. */
export function parsePasswd(text: string): Map<number, string> {
  const users = new Map<number, string>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const fields = line.split(':');
    const name = fields[0];
    const uid = fields[2];
    if (fields.length < 7 || !name || uid === undefined || !/^\d{1,10}$/.test(uid)) continue;
    if (!users.has(Number(uid))) users.set(Number(uid), name);
  }
  return users;
}

const cache = new Map<string, { mtimeMs: number; size: number; users: Map<number, string> }>();

/** The user name of a uid, or null when the file has no such user or cannot be read. */
export function userNameOf(uid: number, passwdPath = '/etc/passwd'): string | null {
  try {
    const { mtimeMs, size } = statSync(passwdPath);
    let known = cache.get(passwdPath);
    if (known === undefined || known.mtimeMs !== mtimeMs || known.size !== size) {
      known = { mtimeMs, size, users: parsePasswd(readFileSync(passwdPath, 'utf8')) };
      cache.set(passwdPath, known);
    }
    return known.users.get(uid) ?? null;
  } catch {
    return null;
  }
}
