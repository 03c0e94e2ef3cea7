import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProcFileReader } from './linux-proc-file';

describe('createProcFileReader', () => {
  it('reads whole /proc files, past its first buffer, into alternating buffers', () => {
    const read = createProcFileReader();
    const a = read('/proc/self/maps');
    const b = read('/proc/self/maps');
    expect(a.length).toBeGreaterThan(0);
    expect(a.buffer).not.toBe(b.buffer);
    const path = join(mkdtempSync(join(tmpdir(), 'ephemera-read-')), 'big');
    const content = Buffer.alloc(300_000, 'abc');
    writeFileSync(path, content);
    expect(Buffer.from(read(path)).equals(content)).toBe(true);
    rmSync(path);
    expect(() => read('/proc/self/no-such-file')).toThrow(/ENOENT/);
  });
});
