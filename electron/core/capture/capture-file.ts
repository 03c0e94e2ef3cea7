/**
 * Reads a capture's bytes from a file or a stream without ever holding more than the cap: a file
 * past 8 MB is refused from its size alone, a stream once it passes the cap. The CLI's `parse` and
 * the desktop app's "Open capture…" both read files this way.
 */
import { open } from 'node:fs/promises';
import { CAPTURE_MAX_BYTES } from '../../../shared/capture';
import { tooBigError } from './read-capture';

/** A file or stream that is too big: refused before it is read whole. */
export class CaptureTooBigError extends Error {}

/** Reads at most CAPTURE_MAX_BYTES + 1 bytes of a file, naming the file and the reason on failure. */
export async function readCaptureFile(path: string): Promise<Uint8Array> {
  let handle;
  try {
    handle = await open(path, 'r');
    const info = await handle.stat();
    if (info.isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
    if (info.size > CAPTURE_MAX_BYTES) throw new CaptureTooBigError(`${path}: ${tooBigError(info.size)}`);
    const buffer = Buffer.alloc(Math.min(info.size, CAPTURE_MAX_BYTES) + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > CAPTURE_MAX_BYTES) throw new CaptureTooBigError(`${path}: ${tooBigError(bytesRead)}`);
    return buffer.subarray(0, bytesRead);
  } catch (error) {
    if (error instanceof CaptureTooBigError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a folder' : String(error);
    throw new Error(`cannot read ${path}: ${reason}`, { cause: error });
  } finally {
    await handle?.close();
  }
}

/** Reads standard input up to the cap; past it, stops reading and refuses (nothing is held past the cap). */
export async function readCaptureStream(stream: NodeJS.ReadableStream): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > CAPTURE_MAX_BYTES) throw new CaptureTooBigError(`standard input: ${tooBigError(size)} (stopped reading)`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

