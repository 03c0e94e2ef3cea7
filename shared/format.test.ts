import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatAgo,
  formatBytes,
  formatCount,
  formatDuration,
  formatElapsed,
  formatEndpoint,
  formatPercent,
} from './format';

describe('formatEndpoint', () => {
  it('brackets IPv6 and shows port 0 as *', () => {
    expect(formatEndpoint('127.0.0.1', 60430)).toBe('127.0.0.1:60430');
    expect(formatEndpoint('::1', 631)).toBe('[::1]:631');
    expect(formatEndpoint('::ffff:10.0.0.5', 443)).toBe('[::ffff:10.0.0.5]:443');
    expect(formatEndpoint('0.0.0.0', 0)).toBe('0.0.0.0:*');
    expect(formatEndpoint('::', 0)).toBe('[::]:*');
  });
});

describe('formatCount', () => {
  it('groups thousands identically on every locale', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(10000)).toBe('10,000');
    expect(formatCount(-1234567)).toBe('-1,234,567');
    expect(formatCount(Number.NaN)).toBe('—');
  });

  it('loses no digits', () => {
    fc.assert(
      fc.property(fc.integer(), (n) => {
        expect(Number(formatCount(n).replace(/,/g, ''))).toBe(n);
      }),
    );
  });
});

describe('formatDuration', () => {
  it('uses at most two units', () => {
    expect(formatDuration(0)).toBe('0 ms');
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(12_400)).toBe('12 s');
    expect(formatDuration(185_000)).toBe('3 m 05 s');
    expect(formatDuration(2 * 3600_000 + 3 * 60_000)).toBe('2 h 03 m');
    expect(formatDuration(4 * 86400_000 + 6 * 3600_000)).toBe('4 d 06 h');
    expect(formatDuration(-1)).toBe('—');
  });

  it('keeps a decimal for measured timings', () => {
    expect(formatElapsed(850.4)).toBe('850 ms');
    expect(formatElapsed(1400)).toBe('1.4 s');
  });
});

describe('formatBytes, formatPercent, formatAgo', () => {
  it('formats sizes in binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.50 KiB');
    expect(formatBytes(123 * 1024 * 1024)).toBe('123 MiB');
  });

  it('formats fractions', () => {
    expect(formatPercent(0)).toBe('0.0 %');
    expect(formatPercent(0.0004)).toBe('<0.1 %');
    expect(formatPercent(0.034)).toBe('3.4 %');
    expect(formatPercent(0.5712)).toBe('57 %');
  });

  it('says how long ago', () => {
    expect(formatAgo(10_000, 10_400)).toBe('now');
    expect(formatAgo(10_000, 22_000)).toBe('12 s ago');
  });
});
