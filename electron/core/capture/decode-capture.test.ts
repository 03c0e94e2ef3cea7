/**
 * Encodings told from the bytes. The oracle for every code page is glibc's iconv (a separate
 * implementation): recorded captures are re-encoded with it the way a Windows console writes a
 * redirected `netstat > file.txt`, and must read back as the same text and the same rows.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeCapture, decodePastedText } from './decode-capture';
import { CP1252_HIGH, CP437_HIGH, CP850_HIGH, decodeWithTable } from './oem-code-pages';
import { readCapture } from './read-capture';

const text = (path: string) => readFileSync(new URL(`../sampler/fixtures/${path}`, import.meta.url), 'utf8');
const iconv = (input: Buffer | string, from: string, to: string): Buffer => execFileSync('iconv', ['-f', from, '-t', to], { input });
const rows = (bytes: Uint8Array) => {
  const r = readCapture({ bytes }, 'x');
  if (!r.ok) throw new Error(r.error);
  return r.capture;
};

describe('OEM code page tables', () => {
  it.each([['CP437', CP437_HIGH], ['CP850', CP850_HIGH]] as const)('%s matches iconv for every byte 0x80-0xFF', (page, table) => {
    const high = Buffer.from(Array.from({ length: 128 }, (_, i) => i + 128));
    expect(decodeWithTable(high, table)).toBe(iconv(high, page, 'UTF-8').toString('utf8'));
  });

  it('CP1252 matches iconv for every byte Windows defines', () => {
    const defined = Array.from({ length: 128 }, (_, i) => i + 128).filter((b) => ![0x81, 0x8d, 0x8f, 0x90, 0x9d].includes(b));
    const high = Buffer.from(defined);
    expect(decodeWithTable(high, CP1252_HIGH)).toBe(iconv(high, 'CP1252', 'UTF-8').toString('utf8'));
  });
});

describe('decodeCapture', () => {
  const german = text('win32/netstat-ano-de.txt');
  const french = text('captures/netstat-anb-fr-tp5.txt').replace(/’/g, "'");

  it('reads UTF-8, with or without a BOM, and plain ASCII', () => {
    expect(decodeCapture(Buffer.from(german, 'utf8'))).toEqual({ text: german, encoding: 'utf-8' });
    expect(decodeCapture(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(german)]))).toEqual({ text: german, encoding: 'utf-8 (BOM)' });
    expect(decodeCapture(Buffer.from('TCP 0.0.0.0:1 0.0.0.0:0 LISTENING 4')).encoding).toBe('ascii');
  });

  it('reads UTF-16LE with a BOM (PowerShell 5 Out-File) and without one', () => {
    const withBom = iconv(german, 'UTF-8', 'UTF-16');
    expect(withBom.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xfe]));
    expect(decodeCapture(withBom)).toEqual({ text: german, encoding: 'utf-16le' });
    expect(decodeCapture(iconv(german, 'UTF-8', 'UTF-16LE'))).toEqual({ text: german, encoding: 'utf-16le (no BOM)' });
  });

  it('reads German netstat written in CP850 (the console page) and French in CP850, rows and all', () => {
    const de = iconv(german, 'UTF-8', 'CP850');
    expect(decodeCapture(de)).toEqual({ text: german, encoding: 'cp850' });
    expect(rows(de).sockets).toHaveLength(rows(Buffer.from(german)).sockets.length);
    const fr = iconv(french, 'UTF-8', 'CP850');
    expect(decodeCapture(fr)).toEqual({ text: french, encoding: 'cp850' });
    expect(rows(fr).source.rowsKept).toBe(29);
  });

  it('reads Russian headers written in CP866', () => {
    // Windows' Russian netstat header words (see fixtures/win32/README.md) over recorded English rows.
    const rowsText = text('win32/netstat-ano-en-lighthouse-7694.txt').split('\n').slice(1).join('\n');
    const russian = `\nАктивные подключения\n\n  Имя    Локальный адрес        Внешний адрес          Состояние       PID\n${rowsText}`;
    const bytes = iconv(russian, 'UTF-8', 'CP866');
    expect(decodeCapture(bytes)).toEqual({ text: russian, encoding: 'cp866' });
    const c = rows(bytes);
    expect(c.source.format).toBe('win32-netstat');
    expect(c.source.skippedBy.header).toBe(2);
  });

  it('repairs CP850 bytes that were read as CP1252 and saved as UTF-8 (ABH™REN)', () => {
    const file = readFileSync(new URL('../sampler/fixtures/win32/netstat-an-de-cp850.txt', import.meta.url));
    const decoded = decodeCapture(file);
    expect(decoded.encoding).toBe('cp850 shown as cp1252 (repaired)');
    expect(decoded.text).not.toContain('™');
    expect(decoded.text.match(/ABHÖREN/g)).toHaveLength(16);
    expect(decodePastedText(file.toString('utf8')).encoding).toBe('cp850 shown as cp1252 (repaired)');
    expect(decodePastedText(german)).toEqual({ text: german, encoding: 'text' });
  });

  it('leaves correct UTF-8 French alone (its accents are no mojibake)', () => {
    const original = text('captures/netstat-anb-fr-tp5.txt');
    expect(decodeCapture(Buffer.from(original))).toEqual({ text: original, encoding: 'utf-8' });
  });
});
