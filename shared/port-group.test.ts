import { describe, expect, it } from 'vitest';
import type { Socket } from './model';
import { portGroupKey, portGroupOf, portGroups, portGroupText } from './port-group';

const sock = (over: Partial<Socket>): Socket => ({
  id: `tcp|127.0.0.1:8080|0.0.0.0:0|${over.inode ?? 1}`,
  proto: 'tcp',
  family: 4,
  localAddress: '127.0.0.1',
  localPort: 8080,
  remoteAddress: '0.0.0.0',
  remotePort: 0,
  state: 'LISTEN',
  inode: 1,
  uid: 0,
  txQueue: 0,
  rxQueue: 0,
  timer: null,
  owner: { pid: 100, startTime: 5, name: 'nginx' },
  ...over,
});

describe('SO_REUSEPORT groups', () => {
  const a = sock({ inode: 11, owner: { pid: 813, startTime: 5, name: 'nginx' } });
  const b = sock({ inode: 12, owner: { pid: 814, startTime: 5, name: 'nginx' } });

  it('group listeners on one address, port and namespace, and nothing else', () => {
    const others = [
      sock({ inode: 13, localAddress: '0.0.0.0' }), // another address
      sock({ inode: 14, family: 6, localAddress: '::1' }),
      sock({ inode: 15, localPort: 8081 }),
      sock({ inode: 16, netns: { inode: 4026532281, kind: 'netns', label: 'netns:4026532281' } }),
      sock({ inode: 0, state: 'TIME_WAIT', remoteAddress: '127.0.0.1', remotePort: 40000 }),
      sock({ inode: 17, state: 'ESTABLISHED', remoteAddress: '127.0.0.1', remotePort: 40001 }),
    ];
    expect(portGroupOf(a, [a, b, ...others])).toEqual([b]);
    expect([...portGroups([a, b, ...others]).values()]).toEqual([[a, b]]);
    for (const s of others.slice(4)) expect(portGroupKey(s)).toBeNull();
  });

  it('group unconnected UDP sockets, never connected ones, and never a capture row without an address', () => {
    const u1 = sock({ proto: 'udp', state: 'UNCONN', inode: 21 });
    const u2 = sock({ proto: 'udp', state: 'UNCONN', inode: 22 });
    const connected = sock({ proto: 'udp', state: 'ESTABLISHED', inode: 23, remoteAddress: '127.0.0.1', remotePort: 53 });
    expect(portGroupOf(u1, [u1, u2, connected, a])).toEqual([u2]);
    expect(portGroupKey(sock({ localHost: 'myhost', localAddress: '' }))).toBeNull();
    expect(portGroupKey(sock({ localPort: 0 }))).toBeNull();
  });

  it('say who holds the rest, and nothing for a socket alone', () => {
    expect(portGroupText(a, [b])).toBe('shares its port with 1 other listening socket (SO_REUSEPORT): nginx 814 (inode 12)');
    const unknown = sock({ inode: 19, owner: null });
    expect(portGroupText(a, [b, unknown])).toBe('shares its port with 2 other listening sockets (SO_REUSEPORT): nginx 814 (inode 12); owner unknown (inode 19)');
    expect(portGroupText(a, [])).toBe('');
  });
});
