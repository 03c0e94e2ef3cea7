/**
 * One-time confirmation nonces: previewAction issues one for the targets it showed, and an
 * action presenting it may act on each of those targets once, within two minutes. A replayed
 * request, or a script that never previewed, has no fresh nonce and is refused.
 */
import { randomBytes } from 'node:crypto';

/** Why a nonce did not admit an action. */
export type NonceVerdict = 'ok' | 'unknown' | 'expired' | 'used' | 'other-target';

/** The issued nonces. */
export interface NonceBook {
  issue(targets: readonly string[]): { nonce: string; expiresAt: number };
  /** Admits `target` once under `nonce`. */
  consume(nonce: string, target: string): NonceVerdict;
}

interface Entry {
  expiresAt: number;
  open: Set<string>;
  used: Set<string>;
}

/** A bounded book (the oldest nonces go first past `limit`). */
export function createNonceBook(options: { now?: () => number; ttlMs?: number; limit?: number } = {}): NonceBook {
  const now = options.now ?? Date.now;
  const ttl = options.ttlMs ?? 120_000;
  const limit = options.limit ?? 64;
  const entries = new Map<string, Entry>();
  return {
    issue(targets) {
      const nonce = randomBytes(18).toString('base64url');
      const expiresAt = now() + ttl;
      entries.set(nonce, { expiresAt, open: new Set(targets), used: new Set() });
      while (entries.size > limit) entries.delete(entries.keys().next().value as string);
      return { nonce, expiresAt };
    },
    consume(nonce, target) {
      const entry = entries.get(nonce);
      if (entry === undefined) return 'unknown';
      if (now() > entry.expiresAt) {
        entries.delete(nonce);
        return 'expired';
      }
      if (entry.used.has(target)) return 'used';
      if (!entry.open.delete(target)) return 'other-target';
      // A spent nonce stays until it expires, so a replay is told "already used".
      entry.used.add(target);
      return 'ok';
    },
  };
}

/** The refusal text of a verdict. */
export function nonceRefusal(verdict: Exclude<NonceVerdict, 'ok'>): string {
  const why: Record<typeof verdict, string> = {
    unknown: 'the confirmation is unknown (no preview was made, or it was replaced)',
    expired: 'the confirmation expired',
    used: 'the confirmation was already used',
    'other-target': 'the confirmation was given for another target',
  };
  return `refused: ${why[verdict]}; preview the action again and confirm`;
}

/** Nonce target keys. */
export const targetKey = {
  process: (pid: number, startTime: number): string => `p:${pid}:${startTime}`,
  connection: (id: string): string => `c:${id}`,
};
