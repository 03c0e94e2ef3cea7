/**
 * Writes a file so that it is whole or absent: a temporary file in the same folder, fsync,
 * rename over the target. On any failure the temporary file is removed and the error names
 * the path and the reason in words (permission denied, disk full, folder does not exist).
 */
import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'disk full',
  EDQUOT: 'disk quota exceeded',
  ENOENT: 'folder does not exist',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'the path is a folder',
  EROFS: 'read-only file system',
  EEXIST: 'temporary file already exists',
  ENAMETOOLONG: 'file name too long',
};

/** Thrown when an export could not be written; `code` is the OS error code when there was one. */
export class ExportWriteError extends Error {
  constructor(
    readonly path: string,
    readonly code: string | null,
    reason: string,
  ) {
    super(`could not write ${path}: ${reason}`);
    this.name = 'ExportWriteError';
  }
}

function toWriteError(path: string, error: unknown): ExportWriteError {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : null;
  const reason = code !== null && REASONS[code] !== undefined ? `${REASONS[code]} (${code})` : errorMessage(error);
  return new ExportWriteError(path, code, reason);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Writes content atomically; resolves with the absolute path and the bytes written. */
export async function writeFileAtomic(path: string, content: string): Promise<{ path: string; bytes: number }> {
  const target = resolve(path);
  const data = Buffer.from(content, 'utf8');
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  let handle: FileHandle | null = null;
  try {
    handle = await open(temp, 'wx', 0o644);
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = null;
    await rename(temp, target);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw toWriteError(target, error);
  }
  return { path: target, bytes: data.length };
}
