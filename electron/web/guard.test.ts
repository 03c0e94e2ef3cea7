import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { admit, allowedHosts, checkPlace, cookieName, isLoopback, makeToken, presentedToken, readCookie, tokensEqual } from './guard';
import type { GuardConfig } from './guard';

const token = makeToken();
const config: GuardConfig = { token, port: 41234, hosts: allowedHosts('127.0.0.1', 41234) };
const cookie = `${cookieName(41234)}=${token}`;

describe('makeToken / tokensEqual', () => {
  it('makes 32 random bytes as base64url, never twice the same', () => {
    const a = makeToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(makeToken()).not.toBe(a);
  });

  it('accepts only the exact token, whatever the other string', () => {
    expect(tokensEqual(token, token)).toBe(true);
    fc.assert(fc.property(fc.string(), (other) => tokensEqual(other, token) === (other === token)));
    expect(tokensEqual(token.slice(0, -1), token)).toBe(false);
    expect(tokensEqual('', token)).toBe(false);
  });
});

describe('checkPlace', () => {
  it('answers only to 127.0.0.1 and localhost on its own port', () => {
    expect(checkPlace({ host: '127.0.0.1:41234' }, config).ok).toBe(true);
    expect(checkPlace({ host: 'localhost:41234' }, config).ok).toBe(true);
    for (const host of ['127.0.0.1', '127.0.0.1:41235', 'evil.example:41234', 'localhost.evil:41234', '', '127.0.0.2:41234']) {
      expect(checkPlace({ host }, config).ok, host).toBe(false);
    }
    expect(checkPlace({}, config).ok).toBe(false);
  });

  it('refuses a foreign Origin and cross-site fetch metadata', () => {
    const host = '127.0.0.1:41234';
    expect(checkPlace({ host, origin: 'http://127.0.0.1:41234' }, config).ok).toBe(true);
    expect(checkPlace({ host, origin: 'http://localhost:41234' }, config).ok).toBe(false);
    expect(checkPlace({ host, origin: 'http://127.0.0.1:8080' }, config).ok).toBe(false);
    expect(checkPlace({ host, origin: 'null' }, config).ok).toBe(false);
    expect(checkPlace({ host, 'sec-fetch-site': 'same-site' }, config).ok).toBe(false);
    expect(checkPlace({ host, 'sec-fetch-site': 'cross-site' }, config).ok).toBe(false);
    expect(checkPlace({ host, 'sec-fetch-site': 'same-origin' }, config).ok).toBe(true);
  });

  it('brackets IPv6 bind addresses', () => {
    expect(allowedHosts('::1', 9)).toEqual(new Set(['127.0.0.1:9', 'localhost:9', '[::1]:9']));
  });
});

describe('tokens in requests', () => {
  it('reads the port-named cookie among others', () => {
    expect(readCookie(`a=1; ${cookie}; b=2`, cookieName(41234))).toBe(token);
    expect(readCookie('ephemera_token_1=x', cookieName(41234))).toBeNull();
    expect(readCookie(undefined, 'x')).toBeNull();
  });

  it('prefers a well-formed Bearer header and refuses a malformed one', () => {
    expect(presentedToken({ authorization: `Bearer ${token}`, cookie: 'x=y' }, 41234)).toBe(token);
    expect(presentedToken({ authorization: `Basic ${token}`, cookie }, 41234)).toBeNull();
    expect(presentedToken({ authorization: 'Bearer a b' }, 41234)).toBeNull();
  });

  it('admits only the right place with the right token', () => {
    const host = '127.0.0.1:41234';
    expect(admit({ host, cookie }, config)).toEqual({ ok: true });
    expect(admit({ host, authorization: `Bearer ${token}` }, config)).toEqual({ ok: true });
    expect(admit({ host }, config)).toEqual({ ok: false, reason: 'no token' });
    expect(admit({ host, authorization: `Bearer ${makeToken()}` }, config)).toEqual({ ok: false, reason: 'wrong token' });
    expect(admit({ host: 'evil:41234', cookie }, config).ok).toBe(false);
  });
});

describe('isLoopback', () => {
  it('allows only 127/8 and ::1', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '::1']) expect(isLoopback(a), a).toBe(true);
    for (const a of ['0.0.0.0', '::', '192.168.1.1', 'localhost', '10.0.0.1', '127.0.0.1.evil']) expect(isLoopback(a), a).toBe(false);
  });
});
