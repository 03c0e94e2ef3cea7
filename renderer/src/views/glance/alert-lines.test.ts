import { describe, expect, it } from 'vitest';
import type { Exhaustion, TupleOccupancy } from '../../../../shared/exhaustion-model';
import { exhaustionLines, flagLines, forecastText, tupleLabel } from './alert-lines';

const tuple = (p: Partial<TupleOccupancy>): TupleOccupancy => ({
  proto: 'tcp',
  localAddress: '10.0.0.5',
  remoteAddress: '93.184.216.34',
  remotePort: 443,
  used: 100,
  capacity: 28232,
  fraction: 100 / 28232,
  level: 'ok',
  timeWait: 0,
  timeWaitExpiry: [],
  ratePerSec: 0,
  forecastSec: null,
  ...p,
});

const exhaustion = (tuples: TupleOccupancy[]): Exhaustion => ({
  level: 'critical',
  capacity: 28232,
  tuples,
  forecastSec: null,
  timeWait: { total: 0, expiry: [] },
});

describe('alert lines', () => {
  it('lists destinations at 70 % and more, fullest first, with TIME_WAIT and the forecast', () => {
    const { lines, more } = exhaustionLines(
      exhaustion([
        tuple({ used: 21000, fraction: 0.744, level: 'warning', timeWait: 3100, forecastSec: 245 }),
        tuple({ remotePort: 80, used: 26000, fraction: 0.921, level: 'critical', timeWait: 20000 }),
        tuple({ remotePort: 8080 }),
      ]),
    );
    expect(more).toBe(0);
    expect(lines).toEqual([
      {
        key: 'tcp|10.0.0.5|93.184.216.34|80',
        level: 'critical',
        tuple: 'tcp 10.0.0.5 → 93.184.216.34:80',
        percent: '92 %',
        detail: '26,000 of 28,232 ports · 20,000 TIME_WAIT',
        forecast: 'not rising',
      },
      {
        key: 'tcp|10.0.0.5|93.184.216.34|443',
        level: 'warning',
        tuple: 'tcp 10.0.0.5 → 93.184.216.34:443',
        percent: '74 %',
        detail: '21,000 of 28,232 ports · 3,100 TIME_WAIT',
        forecast: 'full in ~4 m 05 s',
      },
    ]);
    expect(exhaustionLines(undefined)).toEqual({ lines: [], more: 0 });
    const many = exhaustionLines(exhaustion([1, 2, 3, 4, 5].map((p) => tuple({ remotePort: p, level: 'warning', fraction: 0.7 }))));
    expect([many.lines.length, many.more]).toEqual([3, 2]);
  });

  it('writes tuples and forecasts the way a person reads them', () => {
    expect(tupleLabel({ proto: 'udp', localAddress: '0.0.0.0', remoteAddress: '*', remotePort: 0 })).toBe('udp 0.0.0.0 → any peer');
    expect(tupleLabel({ proto: 'tcp', localAddress: '::1', remoteAddress: '::1', remotePort: 5432 })).toBe('tcp ::1 → [::1]:5432');
    expect(forecastText(0.4)).toBe('full within a second');
    expect(forecastText(42)).toBe('full in ~42 s');
  });

  it('flags listeners in the ephemeral range and CLOSE_WAIT pile-ups in one line each', () => {
    const owner = { pid: 42, startTime: 1, name: 'node' };
    const lines = flagLines({
      listenersInEphemeral: [
        { proto: 'tcp', address: '127.0.0.1', port: 60430, owner },
        { proto: 'tcp', address: '::', port: 45000, owner: null },
        { proto: 'tcp', address: '0.0.0.0', port: 50000, owner },
      ],
      closeWait: [{ owner: { pid: 9, startTime: 2, name: 'java' }, count: 57 }],
      closeWaitThreshold: 20,
    });
    expect(lines.map((l) => l.text)).toEqual([
      '3 listeners inside the ephemeral range: 127.0.0.1:60430 node, [::]:45000 ? +1 more',
      'CLOSE_WAIT pile-up: java (pid 9) holds 57',
    ]);
    expect(lines[1]?.tip).toMatch(/from 20 per process/);
    expect(flagLines(undefined)).toEqual([]);
    expect(flagLines({ listenersInEphemeral: [], closeWait: [], closeWaitThreshold: 20 })).toEqual([]);
  });
});
