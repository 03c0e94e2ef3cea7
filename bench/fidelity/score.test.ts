import { describe, expect, it } from 'vitest';
import type { Owner } from '../../shared/model';
import { scoreBirths, type TimedBirth } from './score';

const NGINX = 8080;
const exact = (pid: number): Owner => ({ pid, startTime: 1, name: 'c', basis: 'exact' });
const guess = (pid: number): Owner => ({ pid, startTime: 1, name: 'c', inferred: true, basis: 'inferred-unique' });
const birth = (port: number, owner: Owner | null, time: number, remotePort = NGINX): TimedBirth => ({
  tuple: { proto: 'tcp', localAddress: remotePort === 0 ? '0.0.0.0' : '127.0.0.1', localPort: port, remoteAddress: '127.0.0.1', remotePort },
  owner,
  // Remote port 0: an RST client's destroy event (never sampled).
  sampled: remotePort !== 0,
  time,
});

describe('scoreBirths', () => {
  it('counts a wrong owner as wrong, exact or inferred, and a port reused by another client apart', () => {
    const truth = [
      { pid: 1, port: 40000, time: 1000 },
      { pid: 2, port: 40000, time: 6000 },
      { pid: 2, port: 40001, time: 1000 },
      { pid: 3, port: 40002, time: 1000 },
      { pid: 3, port: 40003, time: 1000 },
    ];
    const s = scoreBirths(
      [
        birth(40000, exact(1), 1500),
        birth(40000, exact(1), 6500), // the second tenant of the port was pid 2
        birth(40001, guess(2), 1500),
        birth(40002, guess(1), 1500, 0), // a partial (RST) event's tuple, wrongly inferred
        birth(40003, null, 1500),
        birth(NGINX, exact(9), 1500, 40003), // nginx's side: not a client birth
        birth(50000, exact(7), 1500), // nobody recorded it
        birth(40003, exact(7), 9000, 0), // another load's RST event on a recorded port, long after: not ours
        { ...birth(40003, exact(7), 1500, 0), tuple: { ...birth(40003, null, 0).tuple, proto: 'udp', remotePort: 0 } }, // UDP: not a client birth
      ],
      truth,
      NGINX,
    );
    expect(s).toEqual({
      clientConnects: 5,
      births: 9,
      clientBirths: 5,
      exactCorrect: 1,
      exactWrong: 1,
      inferredCorrect: 1,
      inferredWrong: 1,
      unattributed: 1,
      unmatched: 2,
    });
  });

  it('never gives an event-only birth the record of a later tenant of its port', () => {
    // RST frees a port at once: pid 1 connects on 40000 and is reset 5 ms later, pid 2 takes the
    // port 5 ms after that. Each destroy event follows its own connect.
    const truth = [
      { pid: 1, port: 40000, time: 1000 },
      { pid: 2, port: 40000, time: 1010 },
    ];
    const s = scoreBirths([birth(40000, exact(1), 1005, 0), birth(40000, exact(2), 1150, 0)], truth, NGINX);
    expect(s).toMatchObject({ clientBirths: 2, exactCorrect: 2, exactWrong: 0 });
  });
});

