import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExportWriteError, writeFileAtomic } from './atomic-write';

const dir = mkdtempSync(join(tmpdir(), 'ephemera-atomic-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function failure(path: string, content = 'x'): Promise<ExportWriteError> {
  const error: unknown = await writeFileAtomic(path, content).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ExportWriteError);
  return error as ExportWriteError;
}

describe('writeFileAtomic', () => {
  it('writes the whole content, replaces an existing file and leaves no temporary file', async () => {
    const path = join(dir, 'out.csv');
    writeFileSync(path, 'old content that is longer than the new one');
    const r = await writeFileAtomic(path, 'név,"x"\r\n');
    expect(r).toEqual({ path, bytes: Buffer.byteLength('név,"x"\r\n') });
    expect(readFileSync(path, 'utf8')).toBe('név,"x"\r\n');
    expect(readdirSync(dir)).toEqual(['out.csv']);
  });

  it('names the path and says the folder does not exist (ENOENT)', async () => {
    const e = await failure(join(dir, 'missing', 'out.json'));
    expect(e.message).toBe(`could not write ${join(dir, 'missing', 'out.json')}: folder does not exist (ENOENT)`);
    expect(e.code).toBe('ENOENT');
  });

  it('says a part of the path is not a folder when the parent is a file (ENOTDIR)', async () => {
    const file = join(dir, 'plain-file');
    writeFileSync(file, 'x');
    const e = await failure(join(file, 'out.json'));
    expect(e.message).toMatch(/plain-file\/out\.json: a part of the path is not a folder \(ENOTDIR\)/);
  });

  it('says permission denied where even root may not create files (/sys, EACCES)', async () => {
    const e = await failure('/sys/kernel/ephemera-export.json');
    expect(e.message).toBe('could not write /sys/kernel/ephemera-export.json: permission denied (EACCES)');
    expect(readdirSync('/sys/kernel').filter((n) => n.includes('ephemera'))).toEqual([]);
  });

  it('says the path is a folder and leaves the folder untouched', async () => {
    const e = await failure(dir);
    expect(e.code).toBe('EISDIR');
    expect(e.message).toMatch(/the path is a folder/);
  });
});

describe('writeFileAtomic on a full disk', () => {
  const mnt = join(dir, 'tiny');
  let mounted = false;
  let why = '';
  beforeAll(() => {
    try {
      execFileSync('mkdir', ['-p', mnt]);
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', mnt], { stdio: 'pipe' });
      mounted = true;
    } catch (error) {
      why = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    }
  });
  afterAll(() => {
    if (mounted) execFileSync('umount', [mnt]);
  });

  it('says disk full (ENOSPC), keeps the old file whole and leaves no partial file', async (ctx) => {
    if (!mounted) {
      ctx.skip(`cannot mount a 16 kB tmpfs to fill (needs root and mount rights): ${why}`);
      return;
    }
    const path = join(mnt, 'export.json');
    await writeFileAtomic(path, 'previous export');
    const e = await failure(path, 'y'.repeat(256 * 1024));
    expect(e.message).toBe(`could not write ${path}: disk full (ENOSPC)`);
    expect(readdirSync(mnt)).toEqual(['export.json']);
    expect(readFileSync(path, 'utf8')).toBe('previous export');
  });
});
