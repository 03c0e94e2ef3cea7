/**
 * The service's parseCapture: real captures as text and as a file's bytes, the encoding told from
 * those bytes, clear refusals (unknown text, past 8 MB, 100 MB), and an 8 MB capture within 2 s.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CAPTURE_MAX_BYTES } from '../../../shared/capture';
import { captureMethods } from './capture-methods';

const fixture = (path: string) => readFileSync(new URL(`../sampler/fixtures/${path}`, import.meta.url));
const api = captureMethods();

/** Whole lines of a real capture repeated up to `bytes` (each copy's ports kept as recorded). */
function repeated(path: string, bytes: number): string {
  const text = fixture(path).toString('utf8').trimEnd() + '\n';
  return text.repeat(Math.floor(bytes / Buffer.byteLength(text)));
}

describe('parseCapture', () => {
  it('reads pasted text and a file in base64 alike, with the file name in the banner', async () => {
    const bytes = fixture('captures/netstat-tulpn-node-netstat-22.txt');
    const fromFile = await api.parseCapture({ base64: bytes.toString('base64'), name: 'tulpn.txt' });
    const pasted = await api.parseCapture({ text: bytes.toString('utf8') });
    expect(fromFile).toMatchObject({ name: 'tulpn.txt', source: { format: 'linux-netstat', rowsKept: 11, encoding: 'ascii' } });
    expect(pasted).toMatchObject({ name: 'pasted text', source: { rowsKept: 11, encoding: 'text' } });
    expect(pasted.sockets).toEqual(fromFile.sockets);
  });

  it('tells a UTF-16LE file from its bytes', async () => {
    const text = fixture('win32/netstat-ano-de.txt').toString('utf8');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const c = await api.parseCapture({ base64: utf16.toString('base64'), name: 'de.txt' });
    expect(c.source).toMatchObject({ encoding: 'utf-16le', format: 'win32-netstat' });
    expect(c.sockets.length).toBeGreaterThan(100);
  });

  it('refuses text in no known format, naming the formats', async () => {
    await expect(api.parseCapture({ text: 'hello\nworld' })).rejects.toThrow(/expected one of: linux-proc, ss, linux-netstat, darwin-netstat, win32-netstat, lsof/);
  });

  it('refuses a request with both text and base64, or neither', async () => {
    await expect(api.parseCapture({ text: 'x', base64: 'eA==' })).rejects.toThrow(/exactly one of text and base64/);
    await expect(api.parseCapture({})).rejects.toThrow(/exactly one of text and base64/);
  });

  it('refuses 100 MB of text with a clear message, and keeps working after', async () => {
    const huge = 'tcp        0      0 127.0.0.1:1 0.0.0.0:* LISTEN -\n'.repeat((100 * 1024 * 1024) / 51);
    await expect(api.parseCapture({ text: huge })).rejects.toThrow(/larger than 8 MB, the most Ephemera reads/);
    const just = Buffer.alloc(CAPTURE_MAX_BYTES + 1, 0x20);
    await expect(api.parseCapture({ text: just.toString('latin1') })).rejects.toThrow(/larger than 8 MB/);
    expect((await api.parseCapture({ text: fixture('captures/netstat-nlp-grep-hackathon-461.txt').toString() })).sockets).toHaveLength(1);
  });

  it('parses an 8 MB capture in under 2 s', async () => {
    const text = repeated('captures/darwin-netstat-a-names-sections.txt', CAPTURE_MAX_BYTES - 64 * 1024);
    const base64 = Buffer.from(text).toString('base64');
    const started = performance.now();
    const cpu = process.cpuUsage();
    const c = await api.parseCapture({ base64, name: 'big.txt' });
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000;
    const ms = performance.now() - started;
    console.log(`parseCapture: ${(Buffer.byteLength(text) / 1024 / 1024).toFixed(1)} MB, ${c.source.linesRead} lines, ${c.source.rowsKept} rows: ${cpuMs.toFixed(0)} ms CPU, ${ms.toFixed(0)} ms wall`);
    expect(c.source.rowsKept).toBeGreaterThan(50_000);
    expect(c.source.linesRead).toBe(c.source.rowsKept + c.source.linesSkipped);
    // CPU time, not wall time: on this shared 2-core machine the wall clock mostly measures the queue.
    expect(cpuMs).toBeLessThan(2000);
  });

  it('has no file picker of its own (the desktop app brings one)', async () => {
    await expect(api.openCaptureFile({})).rejects.toThrow(/no file picker/);
  });
});
