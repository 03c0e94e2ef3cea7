import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { endpointsKey, parseSsTcpInfo } from './ss-tcp-info';

/**
 * Recorded with `ss -tin` (iproute2 6.1.0) while a node process held: a 127.0.0.1 pair that sent
 * 300,000 bytes one way and 6,000 back, a [::1] pair that sent 2,000,000 bytes, an IPv4 client
 * of a dual-stack listener (seen as ::ffff:127.0.0.1 on the server side) that sent 5,000, and an
 * idle pair. See fixtures/ss-tin.txt.
 */
const text = readFileSync(new URL('./fixtures/ss-tin.txt', import.meta.url), 'utf8');

describe('parseSsTcpInfo on recorded ss -tin output', () => {
  const { connections, malformed } = parseSsTcpInfo(text);
  const find = (local: string, lport: number) => connections.find((c) => c.localAddress === local && c.localPort === lport);

  it('reads every socket and no line is left over', () => {
    expect(connections).toHaveLength(8);
    expect(malformed).toBe(0);
  });

  it('reads bytes acked, received and the RTT of the IPv4 sender', () => {
    expect(find('127.0.0.1', 39514)).toEqual({
      localAddress: '127.0.0.1', localPort: 39514, remoteAddress: '127.0.0.1', remotePort: 45975,
      state: 'ESTAB', bytesAcked: 300001, bytesReceived: 6000, rttMs: 0.241,
    });
    expect(find('127.0.0.1', 45975)).toMatchObject({ bytesAcked: 6000, bytesReceived: 300000 });
  });

  it('reads IPv6 and IPv4-mapped endpoints in the table\'s canonical form', () => {
    expect(find('::1', 41118)).toMatchObject({ remoteAddress: '::1', remotePort: 43649, bytesAcked: 2000001 });
    expect(find('::ffff:127.0.0.1', 43649)).toMatchObject({ remoteAddress: '::ffff:127.0.0.1', remotePort: 40230, bytesReceived: 5000 });
  });

  it('gives zeros where tcp_info has no counter yet (an idle connection)', () => {
    expect(find('127.0.0.1', 44691)).toMatchObject({ bytesAcked: 0, bytesReceived: 0 });
  });

  it('keys a connection as the table does', () => {
    expect(endpointsKey(find('::1', 41118)!)).toBe('::1|41118|::1|43649');
  });
});

describe('parseSsTcpInfo on bad input', () => {
  it('counts lines it cannot read and keeps the rest', () => {
    const bad = [
      'ESTAB 0 0 127.0.0.1:1 127.0.0.1:2',
      '\t rtt:1.5/0.2 bytes_acked:10 bytes_received:20',
      'garbage line here',
      '\t bytes_acked:99',
      'ESTAB x 0 127.0.0.1:3 127.0.0.1:4',
      'ESTAB 0 0 [::1]:5 [::1]:6',
    ].join('\n');
    const r = parseSsTcpInfo(bad);
    expect(r.malformed).toBe(3);
    expect(r.connections).toEqual([
      { localAddress: '127.0.0.1', localPort: 1, remoteAddress: '127.0.0.1', remotePort: 2, state: 'ESTAB', bytesAcked: 10, bytesReceived: 20, rttMs: 1.5 },
      { localAddress: '::1', localPort: 5, remoteAddress: '::1', remotePort: 6, state: 'ESTAB', bytesAcked: 0, bytesReceived: 0, rttMs: null },
    ]);
  });

  it('reads an empty answer (nothing matched the filter) as no connections', () => {
    expect(parseSsTcpInfo('')).toEqual({ connections: [], malformed: 0 });
  });
});
