import { describe, expect, it } from 'vitest';
import { testSocket } from '../../../shared/filter-fixtures';
import { pickService, serviceTip, type ServiceContext } from './service-pick';

const NAMES = new Map([
  ['443/tcp', 'https'],
  ['5432/tcp', 'postgresql'],
  ['33060/tcp', 'mysqlx'],
  ['40000/tcp', 'registered-by-chance'],
  ['53/udp', 'domain'],
  ['5353/udp', 'mdns'],
  ['45000/udp', 'registered-by-chance'],
  ['1023/tcp', 'reserved-low'],
]);

function ctx(listening: number[] = []): ServiceContext & { looked: string[] } {
  const looked: string[] = [];
  return {
    ephemeralRange: { low: 32768, high: 60999 },
    listening: (p) => listening.includes(p),
    lookup: (k) => (looked.push(k), NAMES.get(k)),
    looked,
  };
}

describe('pickService', () => {
  it('names a listener, and a connection accepted on a listened port, by the local port', () => {
    expect(pickService(testSocket({ localPort: 5432, state: 'LISTEN', remotePort: 0 }), ctx())).toEqual({
      name: 'postgresql',
      side: 'local',
      key: '5432/tcp',
    });
    // A listener inside the ephemeral range (mysqlx on 33060) is still a server.
    const accepted = testSocket({ localPort: 33060, remotePort: 40000 });
    expect(pickService(accepted, ctx([33060]))).toMatchObject({ name: 'mysqlx', side: 'local' });
  });

  it("names a client on an ephemeral port by the remote port, never by its own port's chance name", () => {
    const c = ctx();
    expect(pickService(testSocket({ localPort: 40000, remotePort: 443 }), c)).toEqual({ name: 'https', side: 'remote', key: '443/tcp' });
    expect(c.looked).toEqual(['443/tcp']);
    expect(pickService(testSocket({ localPort: 40000, remotePort: 9 }), ctx())).toBeNull();
    // A server on 33060 elsewhere: named. On this machine, only while a listener holds 33060.
    const remoteHost = { remoteAddress: '192.0.2.7' };
    expect(pickService(testSocket({ localPort: 40000, remotePort: 33060, ...remoteHost }), ctx())).toMatchObject({ name: 'mysqlx', side: 'remote' });
    expect(pickService(testSocket({ localPort: 40000, remotePort: 33060 }), ctx([33060]))).toMatchObject({ name: 'mysqlx', side: 'remote' });
  });

  it('names nothing when both ends are ephemeral ports of this machine and neither listens', () => {
    // The server side of a loopback connection whose listener is gone: 33060 here is the client's port.
    expect(pickService(testSocket({ localPort: 46485, remotePort: 33060 }), ctx())).toBeNull();
    expect(pickService(testSocket({ localPort: 46485, remotePort: 33060, remoteAddress: '::ffff:127.0.0.1' }), ctx())).toBeNull();
  });

  it('names UDP by the bound port outside the range, by the peer for a connected socket inside it', () => {
    expect(pickService(testSocket({ proto: 'udp', state: 'UNCONN', localPort: 5353, remotePort: 0 }), ctx())).toMatchObject({
      name: 'mdns',
      side: 'local',
    });
    expect(pickService(testSocket({ proto: 'udp', state: 'UNCONN', localPort: 45000, remotePort: 0 }), ctx())).toBeNull();
    expect(pickService(testSocket({ proto: 'udp', state: 'ESTABLISHED', localPort: 45000, remotePort: 53 }), ctx())).toMatchObject({
      name: 'domain',
      side: 'remote',
    });
  });

  it('outside the range, prefers the local name and falls back to the remote one', () => {
    expect(pickService(testSocket({ localPort: 1023, remotePort: 443 }), ctx())).toMatchObject({ name: 'reserved-low', side: 'local' });
    const c = ctx();
    expect(pickService(testSocket({ localPort: 1022, remotePort: 443 }), c)).toMatchObject({ name: 'https', side: 'remote' });
    expect(c.looked).toEqual(['1022/tcp', '443/tcp']);
  });

  it('says in the tooltip which port the name belongs to', () => {
    expect(serviceTip({ name: 'https', side: 'remote', key: '443/tcp' })).toBe(
      "https: IANA name of the remote port 443/tcp (the local end is a client's ephemeral port)",
    );
    expect(serviceTip({ name: 'ssh', side: 'local', key: '22/tcp' })).toBe('ssh: IANA name of the local port 22/tcp');
    expect(serviceTip(null)).toBe('no registered service name for this port');
  });
});
