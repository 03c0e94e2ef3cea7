import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ipInNet, parseEndpoint, parseIp, parseIpNet } from './filter-address';

const hex = (b: Uint8Array | null): string | null =>
  b ? Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('') : null;

describe('parseIp', () => {
  it('stores IPv4 as IPv4-mapped IPv6', () => {
    expect(hex(parseIp('10.0.0.5'))).toBe('00000000000000000000ffff0a000005');
    expect(hex(parseIp('::ffff:10.0.0.5'))).toBe('00000000000000000000ffff0a000005');
  });

  it('expands ::, keeps zones and brackets out', () => {
    expect(hex(parseIp('::'))).toBe('0'.repeat(32));
    expect(hex(parseIp('::1'))).toBe(`${'0'.repeat(31)}1`);
    expect(hex(parseIp('[fe80::1%eth0]'))).toBe('fe800000000000000000000000000001');
    expect(hex(parseIp('2001:db8:0:0:0:0:0:1'))).toBe('20010db8000000000000000000000001');
  });

  it('refuses what is not an address', () => {
    for (const t of ['', '1.2.3', '1.2.3.256', '1:2:3:4:5:6:7:8:9', '1::2::3', 'gggg::1', 'localhost', '1.2.3.4.5']) {
      expect(parseIp(t), t).toBeNull();
    }
  });

  it('round-trips every IPv4 address through its dotted text', () => {
    fc.assert(
      fc.property(fc.ipV4(), (ip) => {
        const bytes = parseIp(ip);
        expect(bytes && [...bytes.slice(12)].join('.')).toBe(ip.split('.').map(Number).join('.'));
      }),
    );
  });

  it('parses every IPv6 text fast-check generates, and never throws on junk', () => {
    fc.assert(
      fc.property(fc.ipV6(), (ip) => {
        expect(parseIp(ip)).not.toBeNull();
      }),
    );
    fc.assert(fc.property(fc.string(), (t) => void parseIp(t)));
  });
});

describe('networks and endpoints', () => {
  it('matches by prefix bits', () => {
    const net = parseIpNet('10.0.0.0/8');
    expect(net && ipInNet(parseIp('10.200.3.4') ?? new Uint8Array(16), net)).toBe(true);
    expect(net && ipInNet(parseIp('11.0.0.1') ?? new Uint8Array(16), net)).toBe(false);
    const odd = parseIpNet('192.168.0.0/17');
    expect(odd && ipInNet(parseIp('192.168.127.1') ?? new Uint8Array(16), odd)).toBe(true);
    expect(odd && ipInNet(parseIp('192.168.128.1') ?? new Uint8Array(16), odd)).toBe(false);
  });

  it('splits address and port the way people write them', () => {
    expect(parseEndpoint('10.0.0.5:443')).toMatchObject({ ok: true, value: { ports: { low: 443, high: 443 } } });
    expect(parseEndpoint('[::1]:8000-8080')).toMatchObject({ ok: true, value: { ports: { low: 8000, high: 8080 } } });
    expect(parseEndpoint('::1')).toMatchObject({ ok: true, value: { ports: null, net: { prefix: 128 } } });
    expect(parseEndpoint('10.0.0.5:x')).toEqual({
      ok: false,
      error: "'x' is not a port number or range like 60000-61000",
    });
  });
});
