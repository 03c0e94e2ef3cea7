/**
 * Whole-file reads of /proc files into buffers kept between ticks. /proc files report size 0, so
 * fs.readFileSync reads them in small chunks and joins the chunks into a new buffer on every call;
 * at 20,000 sockets (3 MB of /proc/net/tcp) that copying and allocation shows. Two buffers per
 * file alternate, because the row reader compares each tick's bytes with the previous tick's.
 */
import { closeSync, openSync, readSync } from 'node:fs';

/** Reads a file and returns its bytes; the view is valid until the second-next read of that path. */
export type ProcFileReader = (path: string) => Uint8Array;

const INITIAL_BYTES = 64 * 1024;

function readWhole(path: string, buffer: Buffer): { buffer: Buffer; length: number } {
  const fd = openSync(path, 'r');
  try {
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger, 0, 0, length);
        buffer = bigger;
      }
      const got = readSync(fd, buffer, length, buffer.length - length, null);
      if (got === 0) return { buffer, length };
      length += got;
    }
  } finally {
    closeSync(fd);
  }
}

/** A reader with its own double buffers; errors (ENOENT, EACCES) are thrown as by fs. */
export function createProcFileReader(): ProcFileReader {
  const slots = new Map<string, { buffers: [Buffer, Buffer]; next: 0 | 1 }>();
  return (path) => {
    let slot = slots.get(path);
    if (slot === undefined) {
      slot = { buffers: [Buffer.allocUnsafe(INITIAL_BYTES), Buffer.allocUnsafe(INITIAL_BYTES)], next: 0 };
      slots.set(path, slot);
    }
    const index = slot.next;
    const { buffer, length } = readWhole(path, slot.buffers[index]);
    slot.buffers[index] = buffer;
    slot.next = index === 0 ? 1 : 0;
    return buffer.subarray(0, length);
  };
}
