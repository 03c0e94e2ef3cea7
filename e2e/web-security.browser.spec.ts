/**
 * The built web host refuses every request that lacks the token or comes from the wrong place,
 * checked with real Node HTTP and WebSocket clients and from a real page on another port.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from './helpers/fixtures';
import { request, tryWebSocket } from './helpers/probe';
import { URL_LINE } from './helpers/web-host';

test.describe('web host security', () => {
  test('HTTP without the token, or with a wrong one, gets 403 and no data', async ({ host }) => {
    const place = { Host: `127.0.0.1:${host.port}` };
    for (const path of ['/', '/index.html', '/ws', '/?token=' + 'A'.repeat(43), `/?token=${host.token}x`]) {
      const reply = await request(host.port, path, place);
      expect(reply.status, path).toBe(403);
      expect(reply.body, path).toBe('Forbidden\n');
    }
    const wrongCookie = await request(host.port, '/', { ...place, Cookie: `ephemera_token_${host.port}=${'B'.repeat(43)}` });
    expect(wrongCookie.status).toBe(403);
  });

  test('the printed URL sets an HttpOnly SameSite=Strict cookie, then the page carries a strict CSP', async ({ host }) => {
    const first = await request(host.port, `/?token=${host.token}`, { Host: `127.0.0.1:${host.port}` });
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    const cookie = String(first.headers['set-cookie']?.[0] ?? '');
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const page = await request(host.port, '/', { Host: `localhost:${host.port}`, Cookie: cookie.split(';')[0] ?? '' });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="root">');
    const csp = String(page.headers['content-security-policy']);
    for (const part of ["default-src 'self'", "'strict-dynamic'", `connect-src 'self' ws://127.0.0.1:${host.port}`, "object-src 'none'", "frame-ancestors 'none'", "base-uri 'none'"]) {
      expect(csp).toContain(part);
    }
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['cache-control']).toBe('no-store');
  });

  test('a foreign Host or Origin is refused even with the token', async ({ host }) => {
    const bearer = { Authorization: `Bearer ${host.token}` };
    const good = await request(host.port, '/', { ...bearer, Host: `127.0.0.1:${host.port}` });
    expect(good.status).toBe(200);
    const cases = [
      { Host: `evil.example:${host.port}` },
      { Host: `127.0.0.1:${host.port + 1}` },
      { Host: `127.0.0.1:${host.port}`, Origin: 'http://evil.example' },
      { Host: `127.0.0.1:${host.port}`, Origin: `http://127.0.0.1:${host.port + 1}` },
    ];
    for (const headers of cases) {
      const reply = await request(host.port, '/', { ...bearer, ...headers });
      expect(reply.status, JSON.stringify(headers)).toBe(403);
      expect(reply.body).toBe('Forbidden\n');
    }
  });

  test('path traversal and bodies are refused', async ({ host }) => {
    const auth = { Authorization: `Bearer ${host.token}`, Host: `127.0.0.1:${host.port}` };
    for (const path of ['/../../../../etc/passwd', '/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2f..%2fnode%2fweb.js', '/..%5c..%5cpackage.json']) {
      const reply = await request(host.port, path, auth);
      expect(reply.status, path).toBe(400);
      expect(reply.body).not.toContain('root:');
    }
    expect((await request(host.port, '/', auth, 'POST', 'x')).status).toBe(405);
    expect((await request(host.port, '/', { ...auth, 'Content-Length': '5' }, 'GET', 'hello')).status).toBe(413);
  });

  test('a WebSocket without the token, or with a foreign Origin or Host, gets 403 and no data', async ({ host }) => {
    const bearer = { Authorization: `Bearer ${host.token}` };
    const refused: Record<string, string>[] = [
      {},
      { Authorization: `Bearer ${'C'.repeat(43)}` },
      { ...bearer, Origin: 'http://evil.example' },
      { ...bearer, Origin: `http://localhost:${host.port + 1}` },
      { ...bearer, Host: `evil.example:${host.port}` },
    ];
    for (const headers of refused) {
      const attempt = await tryWebSocket(host.port, headers);
      expect(attempt, JSON.stringify(headers)).toEqual({ refused: 403, body: '' });
    }
    const ok = await tryWebSocket(host.port, { ...bearer, Origin: `http://127.0.0.1:${host.port}` });
    expect(ok).toEqual({ opened: true, messages: [] });
  });

  test('a page on another port cannot open the socket although the browser holds the cookie', async ({ host, page }) => {
    const attacker = http.createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<!doctype html><title>other</title>');
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    const attempt = (target: number): Promise<string> =>
      page.evaluate(
        (port) =>
          new Promise<string>((resolve) => {
            const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
            ws.onopen = () => resolve('opened');
            ws.onmessage = () => resolve('data');
            ws.onclose = (e) => resolve(`closed ${e.code}`);
          }),
        target,
      );
    try {
      await page.goto(host.url);
      await expect(page).toHaveURL(`${host.origin}/`);
      expect(await attempt(host.port), 'control: the host page itself may connect').toBe('opened');
      await page.goto(`http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`);
      expect(await attempt(host.port)).toBe('closed 1006');
    } finally {
      attacker.close();
    }
  });

  test('prints exactly one URL line carrying a 32-byte token', async ({ host }) => {
    const lines = host.stdout().split('\n').filter((line) => line.includes('http'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(URL_LINE);
    expect(Buffer.from(host.token, 'base64url')).toHaveLength(32);
  });
});
