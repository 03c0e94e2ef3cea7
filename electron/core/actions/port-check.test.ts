import { describe, expect, it } from 'vitest';
import type { Socket } from '../../../shared/model';
import { answerText, blockersFor, checkPort, overlaps } from './port-check';

const sock = (localAddress: string, state: Socket['state'], over: Partial<Socket> = {}): Socket => ({
  id: `${localAddress}|${state}`,
  proto: 'tcp',
  family: localAddress.includes(':') ? 6 : 4,
  localAddress,
  localPort: 3000,
  remoteAddress: state === 'LISTEN' ? '0.0.0.0' : '127.0.0.1',
  remotePort: state === 'LISTEN' ? 0 : 51000,
  state,
  inode: 1,
  uid: 1000,
  txQueue: 0,
  rxQueue: 0,
  timer: null,
  owner: state === 'TIME_WAIT' ? null : { pid: 4121, startTime: 5, name: 'node' },
  ...over,
});

describe('port conflicts', () => {
  it('knows which local addresses stand where a bind on 0.0.0.0 or 127.0.0.1 lands', () => {
    expect(overlaps('0.0.0.0', '127.0.0.1')).toBe(true);
    expect(overlaps('::', '127.0.0.1')).toBe(true);
    expect(overlaps('127.0.0.1', '0.0.0.0')).toBe(true);
    expect(overlaps('::ffff:127.0.0.1', '127.0.0.1')).toBe(true);
    expect(overlaps('127.0.0.2', '127.0.0.1')).toBe(false);
    expect(overlaps('::1', '0.0.0.0')).toBe(false);
  });

  it('names a listener, a connected client and a TIME_WAIT remnant, each for what it is', () => {
    const table = [
      sock('0.0.0.0', 'LISTEN'),
      sock('127.0.0.1', 'ESTABLISHED'),
      sock('127.0.0.1', 'TIME_WAIT'),
      sock('::1', 'LISTEN'),
      sock('0.0.0.0', 'LISTEN', { localPort: 3001 }),
    ];
    const found = blockersFor(table, 3000, 'tcp', '127.0.0.1');
    expect(found.map((b) => b.kind)).toEqual(['listener', 'connected', 'time-wait']);
    expect(found[0]!.text).toBe('listener node (pid 4121) on 0.0.0.0:3000');
    expect(found[1]!.text).toBe('connected client node (pid 4121) 127.0.0.1:3000 → 127.0.0.1:51000 (ESTABLISHED)');
    expect(found[2]!.text).toMatch(/TIME_WAIT remnant .*does not block a server using SO_REUSEADDR/);
    expect(blockersFor(table, 3000, 'udp', '127.0.0.1')).toEqual([]);
  });

  it('says it in one sentence per address, the bind attempt deciding', () => {
    const tw = blockersFor([sock('127.0.0.1', 'TIME_WAIT')], 3000, 'tcp', '127.0.0.1');
    expect(answerText('127.0.0.1', 3000, 'tcp', 'free', tw)).toBe(
      'free to bind on 127.0.0.1:3000/tcp; 1 TIME_WAIT remnant would refuse a server without SO_REUSEADDR',
    );
    const listener = blockersFor([sock('0.0.0.0', 'LISTEN')], 3000, 'tcp', '0.0.0.0');
    expect(answerText('0.0.0.0', 3000, 'tcp', 'in-use', listener)).toBe(
      'in use on 0.0.0.0:3000/tcp: listener node (pid 4121) on 0.0.0.0:3000',
    );
    // One worker socket each of an SO_REUSEPORT group: one phrase with the count, not one per socket.
    const group = blockersFor([sock('0.0.0.0', 'LISTEN', { inode: 7 }), sock('0.0.0.0', 'LISTEN', { inode: 8 })], 3000, 'tcp', '0.0.0.0');
    expect(answerText('0.0.0.0', 3000, 'tcp', 'in-use', group)).toBe(
      'in use on 0.0.0.0:3000/tcp: listener node (pid 4121) on 0.0.0.0:3000 (2 sockets, SO_REUSEPORT)',
    );
    expect(answerText('0.0.0.0', 3000, 'tcp', 'in-use', [])).toMatch(/by a socket the last sample did not show/);
    expect(answerText('0.0.0.0', 80, 'tcp', 'permission-denied', [])).toMatch(/ports below 1024 need root/);
  });

  it('checks both addresses with the probe it is given', async () => {
    const asked: string[] = [];
    const check = await checkPort([sock('127.0.0.1', 'LISTEN')], { port: 3000, proto: 'tcp' }, async (address) => {
      asked.push(address);
      return 'in-use';
    });
    expect(asked).toEqual(['0.0.0.0', '127.0.0.1']);
    expect(check.answers.map((a) => a.blockers.length)).toEqual([1, 1]);
  });
});
