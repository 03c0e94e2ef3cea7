/**
 * Who may talk to the web host: the holder of the random token, through the exact loopback
 * Host it was printed with, from its own Origin. Pure functions over headers so every rule is
 * tested without a socket; the host calls `admit` before any byte of data leaves.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** A fresh bearer token: 32 random bytes, URL-safe. */
export function makeToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Compares in constant time (hashing first makes lengths equal), so timing leaks no prefix. */
export function tokensEqual(given: string, token: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}

/** The cookie carries the port in its name: cookies are shared across ports of one host. */
export function cookieName(port: number): string {
  return `ephemera_token_${port}`;
}

/** The Set-Cookie value that lets assets and the WS upgrade carry the token after the first visit. */
export function tokenCookie(port: number, token: string): string {
  return `${cookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`;
}

/** Reads one cookie from a Cookie header; null when absent. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** True for 127.0.0.0/8 and ::1, the only addresses the host may bind. */
export function isLoopback(address: string): boolean {
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address);
}

/** The Host header values the host answers to: its bind address or localhost, with its port. */
export function allowedHosts(bindHost: string, port: number): Set<string> {
  const names = new Set(['127.0.0.1', 'localhost']);
  names.add(bindHost.includes(':') ? `[${bindHost}]` : bindHost);
  return new Set([...names].map((name) => `${name}:${port}`));
}

/** What the guard needs to know about the running host. */
export interface GuardConfig {
  token: string;
  port: number;
  hosts: Set<string>;
  /**
   * Serving beyond loopback (`ephemera serve --allow-remote`): the names other machines use for
   * this host are not known in advance, so any Host is taken and the token alone admits.
   */
  anyHost?: boolean;
}

/** Why a request was refused (for logs and tests; the client only ever sees 403). */
export type Verdict = { ok: true } | { ok: false; reason: string };

/**
 * Host and Origin rules: the exact Host (defeats DNS rebinding), an Origin equal to our own
 * when present, and no cross-site fetch metadata (a page on another port is "same-site").
 */
export function checkPlace(headers: IncomingHttpHeaders, config: GuardConfig): Verdict {
  const host = headers.host;
  if (!host || (config.anyHost !== true && !config.hosts.has(host))) {
    return { ok: false, reason: `bad Host ${JSON.stringify(host ?? '')}` };
  }
  const origin = headers.origin;
  if (origin !== undefined && origin !== `http://${host}`) {
    return { ok: false, reason: `foreign Origin ${JSON.stringify(origin)}` };
  }
  const site = headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return { ok: false, reason: `Sec-Fetch-Site ${site}` };
  }
  return { ok: true };
}

/** The token a request carries, from `Authorization: Bearer` or the port's cookie. */
export function presentedToken(headers: IncomingHttpHeaders, port: number): string | null {
  const auth = headers.authorization;
  if (auth !== undefined) {
    const match = /^Bearer ([A-Za-z0-9_-]{1,256})$/.exec(auth);
    return match?.[1] ?? null;
  }
  return readCookie(headers.cookie, cookieName(port));
}

/** Both rules at once: the right place, and the token. */
export function admit(headers: IncomingHttpHeaders, config: GuardConfig): Verdict {
  const place = checkPlace(headers, config);
  if (!place.ok) return place;
  const given = presentedToken(headers, config.port);
  if (given === null) return { ok: false, reason: 'no token' };
  if (!tokensEqual(given, config.token)) return { ok: false, reason: 'wrong token' };
  return { ok: true };
}
