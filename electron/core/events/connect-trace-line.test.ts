/**
 * The connect tracepoint's output parser on a recording of real bpftrace output (bpftrace 0.17,
 * Linux 6.18, as root): a Python process connecting over IPv4 and IPv6 loopback and once to a
 * closed port (SYN_SENT → CLOSE). Node's hrtime read each line 8.6-8.8 ms after its kernel time.
 * Damaged lines, and the previous program's lines (no kernel time), are refused.
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
    expect(connects).toHaveLength(3);
    // start_boottime 16152334124356 ns at 100 Hz: 1615233 ticks, floored as /proc/<pid>/stat gives it.
    expect(connects[0]).toEqual({
      owner: { pid: 24088, startTime: 1615233, name: 'python3', basis: 'exact' },
      localAddress: '127.0.0.1',
      localPort: 32898,
      remoteAddress: '127.0.0.1',
      remotePort: 59589,
      outcome: 'established',
      time: 1000,
    });
    expect(connects[1]).toMatchObject({ localAddress: '::1', localPort: 37160, remoteAddress: '::1', remotePort: 51715 });
    expect(connects[2]).toMatchObject({ localPort: 57786, remotePort: 1, outcome: 'closed' });
  });

  it('dates a connect by the kernel clock when the offset is known, never after its line arrived', () => {
    const line = lines[1] ?? '';
    // mono 16152362052891 ns = 16152362.052891 ms; offset 1e12 ms: floored to whole ms.
    const at = (arrived: number, offset?: number): number => {
      const r = parseConnectLine(line, arrived, 100, offset);
      return r.kind === 'connect' ? r.connect.time : NaN;
    };
    expect(at(1e12 + 16152362 + 9, 1e12)).toBe(1e12 + 16152362);
    expect(at(1e12 + 16152362 + 9)).toBe(1e12 + 16152362 + 9);
    // An offset that puts the connect after its arrival is wrong: the arrival bounds it.
    expect(at(1e12, 1e12)).toBe(1e12);
  });

  it('refuses damaged lines and passes over bpftrace chatter', () => {
    expect(parseConnectLine('Lost 12 events', 0, 100)).toEqual({ kind: 'other' });
    // The first line is the previous program's output (no kernel time): refused, not misread.
    for (const bad of ['C 5661 1440336334143 127.0.0.1 49022 127.0.0.1 36163 1 python3', 'C 5661 1440336334143 1 127.0.0.1 49022', 'C 5661 x 1 127.0.0.1 1 127.0.0.1 2 1 a', 'C 1 1 1 127.0.0.1 70000 127.0.0.1 2 1 a', 'C 1 1 1 nope 1 127.0.0.1 2 1 a', 'C 1 1 1 127.0.0.1 1 127.0.0.1 2 4 a']) {
      expect(parseConnectLine(bad, 0, 100).kind, bad).toBe('refused');
    }
  });
});
