import { describe, expect, it } from 'vitest';
import { canonicalAddress } from '../../../shared/address-key';
import { isLocalOnly } from './address-scope';
import { parseHosts } from './etc-hosts';

describe('isLocalOnly', () => {
  it('keeps loopback, link-local, private, multicast and unspecified addresses from resolvers', () => {
    for (const a of ['127.0.0.1', '127.9.9.9', '::1', '::ffff:127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1',
      '169.254.10.10', '100.64.0.1', 'fe80::1', 'fd12:3456::1', 'fc00::1', '224.0.0.251', 'ff02::fb', '0.0.0.0', '::', 'not-an-ip']) {
      expect(isLocalOnly(a), a).toBe(true);
    }
  });

  it('lets public addresses go to a resolver', () => {
    for (const a of ['142.251.46.163', '172.32.0.1', '8.8.8.8', '::ffff:1.1.1.1', '2606:4700::1111', '100.128.0.1', '203.0.113.7']) {
      expect(isLocalOnly(a), a).toBe(false);
    }
  });
});

describe('canonicalAddress', () => {
  it('spells IPv4-mapped IPv6 as IPv4 and IPv6 in RFC 5952 form', () => {
    expect(canonicalAddress('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(canonicalAddress('127.0.0.1')).toBe('127.0.0.1');
    expect(canonicalAddress('2001:DB8:0:0:0:0:0:1')).toBe('2001:db8::1');
    expect(canonicalAddress('fe80::1%eth0')).toBe('fe80::1');
    expect(canonicalAddress('::')).toBe('::');
    expect(canonicalAddress('1:0:0:2:0:0:0:3')).toBe('1:0:0:2::3');
    expect(canonicalAddress('example.com')).toBeNull();
  });
});

describe('parseHosts', () => {
  it('names each address by its first name, first line winning, comments skipped', () => {
    const names = parseHosts('# comment\n127.0.0.1 localhost runsc\n127.0.0.1 vm\n\n::1\tip6-localhost ip6-loopback # tail\nbogus line\n10.0.0.5 db.internal');
    expect([...names]).toEqual([
      ['127.0.0.1', 'localhost'],
      ['::1', 'ip6-localhost'],
      ['10.0.0.5', 'db.internal'],
    ]);
  });
});
