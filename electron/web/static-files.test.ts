import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { confinePath, mimeOf, readStatic } from './static-files';

let base = '';
let root = '';

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'ephemera-static-'));
  root = path.join(base, 'renderer');
  await mkdir(path.join(root, 'assets'), { recursive: true });
  await writeFile(path.join(root, 'index.html'), '<!doctype html><title>x</title>');
  await writeFile(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(path.join(base, 'secret.txt'), 'SECRET');
  await symlink(path.join(base, 'secret.txt'), path.join(root, 'link.txt'));
});
afterAll(async () => rm(base, { recursive: true, force: true }));

describe('readStatic', () => {
  it('serves index.html for / and files by path with their MIME type', async () => {
    const index = await readStatic(root, '/');
    expect(index.ok && index.mime).toBe('text/html; charset=utf-8');
    const js = await readStatic(root, '/assets/app.js');
    expect(js.ok && js.body.toString()).toBe('console.log(1)');
    expect(js.ok && js.mime).toBe('text/javascript; charset=utf-8');
  });

  it('refuses traversal, encoded or not, and symlinks that leave the root', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt', '/%00', '/%zz']) {
      expect(await readStatic(root, p), p).toEqual({ ok: false, status: 400 });
    }
    expect(await readStatic(root, '/link.txt')).toEqual({ ok: false, status: 404 });
    expect(await readStatic(root, '/assets')).toEqual({ ok: false, status: 404 });
    expect(await readStatic(root, '/missing.js')).toEqual({ ok: false, status: 404 });
  });

  it('never maps any path outside the root', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('..', '.', 'a', '%2e', '%2f', '%5c', '', '%2e%2e', '\\', 'b.js')), (parts) => {
        const target = confinePath(root, `/${parts.join('/')}`);
        return target === null || target.startsWith(root + path.sep);
      }),
    );
  });
});

describe('mimeOf', () => {
  it('knows the renderer kinds and falls back to bytes', () => {
    expect(mimeOf('a.css')).toBe('text/css; charset=utf-8');
    expect(mimeOf('a.SVG')).toBe('image/svg+xml');
    expect(mimeOf('a.exe')).toBe('application/octet-stream');
  });
});
