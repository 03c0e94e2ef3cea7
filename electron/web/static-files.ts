/**
 * Serves the built renderer from one folder and nothing outside it: the URL path is decoded,
 * normalized and confined (symlinks included), and each file gets a MIME type from a short
 * fixed table, so a request never reads an arbitrary file or is sniffed into something else.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** The MIME type served for a file name; unknown kinds are plain bytes. */
export function mimeOf(file: string): string {
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Decodes a request path, or null when it is malformed or tries to climb: bad escapes, NUL,
 * backslashes, `.` or `..` segments (plain or percent-encoded). Used on the raw request target
 * too, before URL parsing would quietly resolve the dots.
 */
export function decodeSafePath(pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return null;
  return decoded.split('/').some((s) => s === '..' || s === '.') ? null : decoded;
}

/**
 * Maps a URL pathname to a path inside `root`, or null when it would leave it (`..`, encoded
 * slashes or backslashes, NUL, bad escapes). `/` means index.html.
 */
export function confinePath(root: string, pathname: string): string | null {
  const decoded = decodeSafePath(pathname);
  if (decoded === null) return null;
  const relative = path.posix.normalize(decoded).replace(/^\/+/, '');
  const target = path.resolve(root, relative === '' ? 'index.html' : relative);
  const base = path.resolve(root);
  return target === base || target.startsWith(base + path.sep) ? target : null;
}

/** A file to send, or why not. */
export type StaticResult = { ok: true; body: Buffer; mime: string } | { ok: false; status: 400 | 404 };

/** Reads a confined file; an escape attempt is a 400, a symlink pointing outside the root counts as absent. */
export async function readStatic(root: string, pathname: string): Promise<StaticResult> {
  const target = confinePath(root, pathname);
  if (target === null) return { ok: false, status: 400 };
  try {
    const [realRoot, realTarget] = await Promise.all([realpath(root), realpath(target)]);
    if (!realTarget.startsWith(realRoot + path.sep)) return { ok: false, status: 404 };
    if (!(await stat(realTarget)).isFile()) return { ok: false, status: 404 };
    return { ok: true, body: await readFile(realTarget), mime: mimeOf(realTarget) };
  } catch {
    return { ok: false, status: 404 };
  }
}
