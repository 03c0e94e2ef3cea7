import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appProtocolResponse } from './app-protocol';
import { APP_CSP } from './csp';
import { permissionAllowed } from './permissions';

let root: string;
let outside: string;

beforeAll(async () => {
  outside = await mkdtemp(join(tmpdir(), 'ephemera-outside-'));
  await writeFile(join(outside, 'secret.txt'), 'secret');
  root = await mkdtemp(join(tmpdir(), 'ephemera-renderer-'));
  await writeFile(join(root, 'index.html'), '<!doctype html><title>E</title>');
  await mkdir(join(root, 'assets'));
  await writeFile(join(root, 'assets', 'app.js'), 'console.log(1)');
  await symlink(join(outside, 'secret.txt'), join(root, 'assets', 'link.txt'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

const get = (url: string, method = 'GET') => appProtocolResponse({ url, method }, root);
const text = (body: Uint8Array | null) => (body ? Buffer.from(body).toString('utf8') : null);

describe('appProtocolResponse', () => {
  it('serves index.html for / and for the hash routes, with the CSP header', async () => {
    for (const url of ['app://ephemera/', 'app://ephemera/index.html#/glance']) {
      const r = await get(url);
      expect(r.status).toBe(200);
      expect(text(r.body)).toContain('<title>E</title>');
      expect(r.headers['Content-Type']).toBe('text/html; charset=utf-8');
      expect(r.headers['Content-Security-Policy']).toBe(APP_CSP);
    }
    const js = await get('app://ephemera/assets/app.js');
    expect(js.headers['Content-Type']).toMatch(/^text\/javascript/);
  });

  it('refuses other hosts and schemes, writes, traversal and symlinks out of the folder', async () => {
    expect((await get('app://evil/index.html')).status).toBe(404);
    expect((await get('https://ephemera/index.html')).status).toBe(404);
    expect((await get('app://ephemera/index.html', 'POST')).status).toBe(405);
    // The URL parser folds %2e%2e into '..' and resolves it away; an encoded slash is refused as is.
    for (const url of ['app://ephemera/%2e%2e/%2e%2e/etc/passwd', 'app://ephemera/assets/..%2f..%2fsecret.txt', 'app://ephemera/..%5csecret.txt']) {
      const r = await get(url);
      expect([400, 404], url).toContain(r.status);
      expect(r.body).toBeNull();
    }
    expect((await get('app://ephemera/assets/..%2f..%2fsecret.txt')).status).toBe(400);
    const link = await get('app://ephemera/assets/link.txt');
    expect(link.status).toBe(404);
    expect(text(link.body)).toBeNull();
    expect((await get('app://ephemera/missing.js')).status).toBe(404);
    expect((await get('::not a url')).status).toBe(400);
  });

  it('answers HEAD without a body', async () => {
    const r = await get('app://ephemera/index.html', 'HEAD');
    expect([r.status, r.body]).toEqual([200, null]);
  });
});

describe('permissionAllowed', () => {
  it('allows only clipboard writes from our own top-level page', () => {
    expect(permissionAllowed('clipboard-sanitized-write', 'app://ephemera/index.html#/', true)).toBe(true);
    expect(permissionAllowed('clipboard-sanitized-write', 'app://ephemera/index.html', false)).toBe(false);
    expect(permissionAllowed('clipboard-sanitized-write', 'https://evil.example/', true)).toBe(false);
    expect(permissionAllowed('clipboard-sanitized-write', undefined, true)).toBe(false);
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'usb', 'hid', 'serial', 'unknown']) {
      expect(permissionAllowed(p, 'app://ephemera/index.html', true), p).toBe(false);
    }
  });
});
