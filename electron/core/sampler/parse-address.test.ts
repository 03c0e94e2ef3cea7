import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ipv4Case, ipv6Case, urlCanonicalIpv6 } from './parse-arbitraries';
import { canonicalIpv6, normalizeHost, parseEndpoint, parsePort, splitEndpoint } from './parse-address';

describe('canonicalIpv6', () => {
  it('writes RFC 5952 text: lowercase, no leading zeros, the longest zero run as ::', () => {
    expect(canonicalIpv6('2001:0DB8:0000:0000:0001:0000:0000:0001')).toBe('2001:db8::1:0:0:1');
    expect(canonicalIpv6('0:0:0:0:0:0:0:1')).toBe('::1');
    expect(canonicalIpv6('::')).toBe('::');
    expect(canonicalIpv6('fe80::10b0:462e:c279:f46a')).toBe('fe80::10b0:462e:c279:f46a');
  });

  it('keeps a zone id and writes IPv4-mapped addresses with a dotted tail', () => {
    expect(canonicalIpv6('FE80::1%lo0')).toBe('fe80::1%lo0');
    expect(canonicalIpv6('fe80::10b0:462e:c279:f46a%9')).toBe('fe80::10b0:462e:c279:f46a%9');
    expect(canonicalIpv6('::ffff:127.0.0.1')).toBe('::ffff:127.0.0.1');
    expect(canonicalIpv6('0:0:0:0:0:ffff:7f00:1')).toBe('::ffff:127.0.0.1');
  });

  it('refuses text that is not an address, including netstat-cut addresses', () => {
    for (const bad of ['2603:6010:7c00:4', 'fe80::ab45:b3fd:', '1:2:3:4:5:6:7:8:9', ':::', '1::2::3', 'g::1', '::1%', '', '::ffff:300.0.0.1']) {
      expect(canonicalIpv6(bad), bad).toBeNull();
    }
  });

  it('agrees with the WHATWG URL serializer on any address', () => {
    fc.assert(
      fc.property(ipv6Case, (c) => {
        expect(canonicalIpv6(c.printed)).toBe(c.canonical);
        expect(canonicalIpv6(c.canonical)).toBe(urlCanonicalIpv6(c.canonical));
      }),
    );
  });

  it('writes every mapped address as ::ffff: plus the dotted quad', () => {
    fc.assert(
      fc.property(ipv4Case, (v4) => {
        expect(canonicalIpv6(`0:0:0:0:0:FFFF:${v4.printed}`)).toBe(`::ffff:${v4.canonical}`);
      }),
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string(), (s) => void canonicalIpv6(s)));
  });
});

describe('endpoints', () => {
  it('splits colon and dot notations at the last separator', () => {
    expect(splitEndpoint('[::1]:631', ':')).toEqual({ host: '[::1]', port: '631' });
    expect(splitEndpoint('*:*', ':')).toEqual({ host: '*', port: '*' });
    expect(splitEndpoint('fe80::1%lo0.4000', '.')).toEqual({ host: 'fe80::1%lo0', port: '4000' });
    expect(splitEndpoint('*.*', '.')).toEqual({ host: '*', port: '*' });
    expect(splitEndpoint('[::1]631', ':')).toBeNull();
    expect(splitEndpoint('noport', ':')).toBeNull();
  });

  it('turns every wildcard into the family any-address and port 0', () => {
    expect(parseEndpoint('*:*', ':', null, 4)).toEqual({ address: '0.0.0.0', family: 4, port: 0 });
    expect(parseEndpoint('*.*', '.', 6, 6)).toEqual({ address: '::', family: 6, port: 0 });
    expect(parseEndpoint('[::]:0', ':', null)).toEqual({ address: '::', family: 6, port: 0 });
    expect(parseEndpoint('0.0.0.0:*', ':', null)).toEqual({ address: '0.0.0.0', family: 4, port: 0 });
  });

  it('shows an IPv4 peer of an IPv6 socket as mapped, and refuses v6 text on a v4 socket', () => {
    expect(normalizeHost('127.0.0.1', 6)).toEqual({ address: '::ffff:127.0.0.1', family: 6 });
    expect(normalizeHost('::1', 4)).toBeNull();
  });

  it('reads ports 0..65535 and nothing else', () => {
    expect(parsePort('65535')).toBe(65535);
    expect(parsePort('*')).toBe(0);
    for (const bad of ['65536', '-1', '1e3', '', ' 80', '0x50']) expect(parsePort(bad), bad).toBeNull();
  });
});
