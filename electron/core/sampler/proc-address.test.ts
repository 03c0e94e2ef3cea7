import fc from 'fast-check';
import { isIPv6 } from 'node:net';
import { describe, expect, it } from 'vitest';
import { decodeProcIpv4, decodeProcIpv6, formatIpv6Groups } from './proc-address';
import { expectedAddressText, procHex } from './proc-address-test-kit';

const ascii = (text: string): Buffer => Buffer.from(text, 'latin1');

// Bytes biased towards zero so that runs of zero groups (and ties between runs) are common.
const addressBytes = fc.array(fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 255 })), {
  minLength: 16,
  maxLength: 16,
});

describe('decodeProcIpv4', () => {
  it('decodes the recorded loopback and wildcard words', () => {
    expect(decodeProcIpv4(ascii('0100007F'), 0)).toBe('127.0.0.1');
    expect(decodeProcIpv4(ascii('00000000'), 0)).toBe('0.0.0.0');
    expect(decodeProcIpv4(ascii('x0101A8C0'), 1)).toBe('192.168.1.1');
    expect(decodeProcIpv4(ascii('7F000001'), 0, false)).toBe('127.0.0.1');
  });

  it('round-trips every 4-byte address in either byte order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }), fc.boolean(), (b, le) => {
        expect(decodeProcIpv4(ascii(procHex(b, le)), 0, le)).toBe(b.join('.'));
      }),
    );
  });
});

describe('decodeProcIpv6', () => {
  it('decodes recorded tcp6 words: loopback, wildcard, IPv4-mapped', () => {
    expect(decodeProcIpv6(ascii('00000000000000000000000001000000'), 0)).toBe('::1');
    expect(decodeProcIpv6(ascii('00000000000000000000000000000000'), 0)).toBe('::');
    expect(decodeProcIpv6(ascii('0000000000000000FFFF00000100007F'), 0)).toBe('::ffff:127.0.0.1');
  });

  it('writes all eight groups when no two adjacent groups are zero', () => {
    const bytes = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, 0, 2, 0, 3, 0xab, 0xcd, 0, 0x10];
    expect(decodeProcIpv6(ascii(procHex(bytes)), 0)).toBe('2001:db8:0:1:2:3:abcd:10');
    expect(expectedAddressText(bytes)).toBe('2001:db8:0:1:2:3:abcd:10');
  });

  it('compresses the first of two equally long zero runs', () => {
    expect(formatIpv6Groups([1, 0, 0, 2, 0, 0, 3, 4])).toBe('1::2:0:0:3:4');
    expect(formatIpv6Groups([1, 0, 0, 2, 3, 0, 0, 0])).toBe('1:0:0:2:3::');
  });

  it('matches the WHATWG URL canonical form for random addresses (mapped ones in dotted form)', () => {
    fc.assert(
      fc.property(addressBytes, fc.boolean(), (bytes, le) => {
        const text = decodeProcIpv6(ascii(procHex(bytes, le)), 0, le);
        expect(isIPv6(text)).toBe(true);
        expect(text).toBe(expectedAddressText(bytes));
      }),
      { numRuns: 2000 },
    );
  });

  it('matches the WHATWG form when every group is non-zero', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 0xffff }), { minLength: 8, maxLength: 8 }), (groups) => {
        const bytes = groups.flatMap((g) => [g >> 8, g & 0xff]);
        const text = decodeProcIpv6(ascii(procHex(bytes)), 0);
        expect(text.split(':')).toHaveLength(8);
        expect(text).toBe(expectedAddressText(bytes));
      }),
    );
  });
});
