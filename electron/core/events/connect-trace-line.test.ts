/**
 * The connect tracepoint's output parser on a recording of real bpftrace output (bpftrace 0.17,
 * Linux 6.18, as root): a Python process connecting over IPv4 and IPv6 loopback and once to a
 * closed port (SYN_SENT → CLOSE), then a load generator's connects. Damaged lines are refused.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConnectLine } from './connect-trace-line';

const lines = readFileSync(join(__dirname, 'fixtures/bpftrace-connect.txt'), 'utf8').trim().split('\n');

describe('parseConnectLine', () => {
  it('reads every connect of the recording with the pid, the start time in clock ticks and the tuple', () => {
    const parsed = lines.map((l) => parseConnectLine(l, 1000, 100));
    expect(parsed[0]).toEqual({ kind: 'other' });
    const connects = parsed.flatMap((p) => (p.kind === 'connect' ? [p.connect] : []));
    expect(connects).toHaveLength(lines.length - 1);
    // /proc/5661/stat said start time 144033 (clock ticks at 100 Hz) while it ran.
    expect(connects[0]).toEqual({
      owner: { pid: 5661, startTime: 144033, name: 'python3', basis: 'exact' },
      localAddress: '127.0.0.1',
      localPort: 49022,
      remoteAddress: '127.0.0.1',
      remotePort: 36163,
      outcome: 'established',
      time: 1000,
    });
    expect(connects[1]).toMatchObject({ localAddress: '::1', localPort: 58702, remoteAddress: '::1', remotePort: 49675 });
    expect(connects[2]).toMatchObject({ localPort: 47864, remotePort: 1, outcome: 'closed' });
    expect(new Set(connects.slice(3).map((c) => c.owner.pid))).toEqual(new Set([5960]));
  });

  it('refuses damaged lines and passes over bpftrace chatter', () => {
    expect(parseConnectLine('Lost 12 events', 0, 100)).toEqual({ kind: 'other' });
    for (const bad of ['C 5661 1440336334143 127.0.0.1 49022', 'C 5661 x 127.0.0.1 1 127.0.0.1 2 1 a', 'C 1 1 127.0.0.1 70000 127.0.0.1 2 1 a', 'C 1 1 nope 1 127.0.0.1 2 1 a', 'C 1 1 127.0.0.1 1 127.0.0.1 2 4 a']) {
      expect(parseConnectLine(bad, 0, 100).kind, bad).toBe('refused');
    }
  });
});
