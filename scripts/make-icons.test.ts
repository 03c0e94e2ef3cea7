import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { renderIconSet } from './lib/icon-set';
import { crc32 } from './lib/png';

const BUILD = join(import.meta.dirname, '..', 'build');

type Png = { width: number; height: number; pixels: Buffer };

/** A strict reader for the PNGs we write: checks signature, every CRC, and unfilters rows. */
function readPng(bytes: Buffer): Png {
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (offset < bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const typeAndData = bytes.subarray(offset + 4, offset + 8 + length);
    expect(bytes.readUInt32BE(offset + 8 + length)).toBe(crc32(typeAndData));
    const type = typeAndData.subarray(0, 4).toString('latin1');
    const data = typeAndData.subarray(4);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([data[8], data[9]]).toEqual([8, 6]);
    }
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  expect(raw.length).toBe((width * 4 + 1) * height);
  const pixels = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    expect(raw[y * (width * 4 + 1)]).toBe(0);
    raw.copy(pixels, y * width * 4, y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1));
  }
  return { width, height, pixels };
}

const rendered = renderIconSet();

describe('committed icons', () => {
  it('are exactly what scripts/make-icons.js draws (pixel for pixel)', () => {
    expect(rendered.length).toBeGreaterThanOrEqual(20);
    for (const file of rendered.filter((f) => f.path.endsWith('.png'))) {
      const committed = readPng(readFileSync(join(BUILD, file.path)));
      const fresh = readPng(file.bytes);
      expect({ path: file.path, w: committed.width, h: committed.height }).toEqual({ path: file.path, w: fresh.width, h: fresh.height });
      expect(committed.pixels.equals(fresh.pixels), file.path).toBe(true);
    }
  });

  it('name their size: icons/NxN.png is N by N and the app icon is 1024', () => {
    for (const file of rendered) {
      const match = /(\d+)x(\d+)\.png$/.exec(file.path);
      if (!match) continue;
      const png = readPng(file.bytes);
      expect([png.width, png.height]).toEqual([Number(match[1]), Number(match[2])]);
    }
    expect(readPng(readFileSync(join(BUILD, 'icon.png'))).width).toBe(1024);
  });

  it('keeps the macOS tray template black plus alpha, with some ink and some transparency', () => {
    for (const [name, size] of [['trayTemplate.png', 16], ['trayTemplate@2x.png', 32]] as const) {
      const { width, pixels } = readPng(readFileSync(join(BUILD, 'tray', name)));
      expect(width).toBe(size);
      let inked = 0;
      let clear = 0;
      for (let i = 0; i < pixels.length; i += 4) {
        if (pixels[i + 3] === 0) clear++;
        else {
          inked++;
          expect([pixels[i], pixels[i + 1], pixels[i + 2]]).toEqual([0, 0, 0]);
        }
      }
      expect(inked).toBeGreaterThan(size * 3);
      expect(clear).toBeGreaterThan(size * size * 0.3);
    }
  });

  it('writes .ico directories that point at embedded PNGs of the stated size', () => {
    for (const name of ['icon.ico', 'tray/tray.ico']) {
      const ico = readFileSync(join(BUILD, name));
      expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
      const count = ico.readUInt16LE(4);
      expect(count).toBeGreaterThanOrEqual(5);
      for (let i = 0; i < count; i++) {
        const at = 6 + i * 16;
        const stated = ico[at] === 0 ? 256 : (ico[at] as number);
        const size = ico.readUInt32LE(at + 8);
        const offset = ico.readUInt32LE(at + 12);
        const png = readPng(ico.subarray(offset, offset + size));
        expect([png.width, png.height]).toEqual([stated, stated]);
      }
    }
  });

  it('writes an .icns whose entry lengths add up and whose types carry the right pixel sizes', () => {
    const icns = readFileSync(join(BUILD, 'icon.icns'));
    expect(icns.subarray(0, 4).toString('latin1')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const expected: Record<string, number> = { ic07: 128, ic08: 256, ic09: 512, ic10: 1024, ic11: 32, ic12: 64, ic13: 256, ic14: 512 };
    const seen: string[] = [];
    let offset = 8;
    while (offset < icns.length) {
      const type = icns.subarray(offset, offset + 4).toString('latin1');
      const length = icns.readUInt32BE(offset + 4);
      const png = readPng(icns.subarray(offset + 8, offset + length));
      expect(png.width, type).toBe(expected[type]);
      seen.push(type);
      offset += length;
    }
    expect(offset).toBe(icns.length);
    expect(seen.sort()).toEqual(Object.keys(expected).sort());
  });
});
