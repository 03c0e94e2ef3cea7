import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CaptureFormat } from './detect-format';
import { CAPTURE_FORMATS, detectFormat, parseCapture } from './detect-format';
import { parseProcNet } from './linux-proc-net-parse';
import { noiseCapture, wellFormed } from './parse-arbitraries';
import { parseSs } from './ss-parse';

const fixture = (path: string) => readFileSync(new URL(`./fixtures/${path}`, import.meta.url), 'utf8');

const RECORDED: ReadonlyArray<[string, CaptureFormat]> = [
  ['ss/ss-tunap.txt', 'ss'],
  ['ss/ss-tunaep.txt', 'ss'],
  ['ss/proc-net-tcp.txt', 'linux-proc'],
  ['ss/proc-net-udp6.txt', 'linux-proc'],
  ['lsof/lsof-nP-i.txt', 'lsof'],
  ['darwin/netstat-anv-evidence-pack.txt', 'darwin-netstat'],
  ['darwin/netstat-anv-tahoe-pid-port-14.txt', 'darwin-netstat'],
  ['darwin/netstat-v-n-p-tcp-mojave.txt', 'darwin-netstat'],
  ['win32/netstat-ano-de.txt', 'win32-netstat'],
  ['win32/netstat-an-de-cp850.txt', 'win32-netstat'],
  ['win32/netstat-ano-zh-find-process.txt', 'win32-netstat'],
  ['win32/netstat-a-p-udp-netstat2-rs-7.txt', 'win32-netstat'],
];

describe('detectFormat', () => {
  it.each(RECORDED)('recognizes %s as %s', (path, format) => {
    expect(detectFormat(fixture(path))).toBe(format);
  });

  it('recognizes a single pasted row without its header', () => {
    const line = (path: string, n: number) => fixture(path).split(/\r?\n/)[n] ?? '';
    expect(detectFormat(line('ss/ss-tunaep.txt', 1))).toBe('ss');
    expect(detectFormat(line('lsof/lsof-nP-i.txt', 1))).toBe('lsof');
    expect(detectFormat(line('darwin/netstat-anv-tahoe-pid-port-14.txt', 2))).toBe('darwin-netstat');
    expect(detectFormat(line('win32/netstat-ano-de.txt', 4))).toBe('win32-netstat');
    expect(detectFormat(line('ss/proc-net-tcp.txt', 1))).toBe('linux-proc');
  });

  it('gives null for text that is no socket table', () => {
    expect(detectFormat('')).toBeNull();
    expect(detectFormat('hello\nworld')).toBeNull();
    expect(detectFormat(fixture('ranges/netsh-dynamicport-usbipd-53.txt'))).toBeNull();
  });
});

describe('parseCapture', () => {
  it('parses a capture of all four /proc/net tables like the procfs parser does', () => {
    const tables = ['tcp', 'tcp6', 'udp', 'udp6'] as const;
    const text = tables.map((t) => fixture(`ss/proc-net-${t}.txt`)).join('');
    const parsed = parseCapture(text);
    const direct = tables.flatMap((t) => parseProcNet(fixture(`ss/proc-net-${t}.txt`), t).sockets);
    expect(parsed).toMatchObject({ ok: true, format: 'linux-proc', result: { skipped: 0, firstError: null } });
    expect(parsed.ok && parsed.result.sockets).toEqual(direct);
  });

  it('uses the named parser when told, and auto-detects otherwise', () => {
    const text = fixture('ss/ss-tunaep.txt');
    expect(parseCapture(text, 'ss')).toEqual({ ok: true, format: 'ss', result: parseSs(text) });
    expect(parseCapture(text)).toMatchObject({ ok: true, format: 'ss', result: parseSs(text) });
    const forced = parseCapture(text, 'lsof');
    expect(forced.ok && forced.result.sockets).toEqual([]);
    // Forced to the wrong parser, every line (40 rows and the ss header) is refused, none misread.
    expect(forced.ok && forced.result.skipped).toBe(41);
  });

  it('refuses unknown text with an error naming every known format', () => {
    const r = parseCapture('Routing tables\nInternet:\ndefault 192.168.1.1 UGSc en0');
    expect(r.ok).toBe(false);
    for (const format of CAPTURE_FORMATS) expect(!r.ok && r.error).toContain(format);
  });

  it('never throws, on any text and any format', () => {
    fc.assert(
      fc.property(noiseCapture, fc.constantFrom<CaptureFormat | 'auto'>('auto', ...CAPTURE_FORMATS), (text, from) => {
        const r = parseCapture(text, from);
        return r.ok ? wellFormed(r.result) : r.error.length > 0;
      }),
    );
  });
});
