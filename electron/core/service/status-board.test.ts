import { describe, expect, it } from 'vitest';
import type { Status } from '../../../shared/contract';
import { createEventHub } from './event-hub';
import { createErrorLog, statusChanged } from './status-board';

const status: Status = {
  source: 'linux-procfs',
  intervalMs: 1000,
  paused: false,
  lastSampleMs: 3,
  stretched: false,
  samples: 5,
  ownerCoverage: { attributed: 1, total: 2 },
  events: 'off',
  ephemeralRange: { low: 32768, high: 60999, source: 'os', origin: '/proc/sys/net/ipv4/ip_local_port_range' },
  errors: [],
};

describe('createErrorLog', () => {
  it('keeps the last 20 distinct messages, a repeat moving to the end', () => {
    const log = createErrorLog();
    for (let i = 0; i < 25; i++) log.add(`e${i}`);
    expect(log.list()).toHaveLength(20);
    expect(log.list()[0]).toBe('e5');
    expect(log.add('e7').slice(-2)).toEqual(['e24', 'e7']);
    expect(log.list()).toHaveLength(20);
  });
});

describe('statusChanged', () => {
  it('ignores the per-tick counters but not anything a user would notice', () => {
    expect(statusChanged(null, status)).toBe(true);
    expect(statusChanged(status, { ...status, samples: 6, lastSampleMs: 4 })).toBe(false);
    expect(statusChanged(status, { ...status, stretched: true })).toBe(true);
    expect(statusChanged(status, { ...status, errors: ['x'] })).toBe(true);
    expect(statusChanged(status, { ...status, ownerCoverage: { attributed: 2, total: 2 } })).toBe(true);
  });
});

describe('createEventHub', () => {
  it('delivers to every listener, unsubscribes, and reports a throwing listener without stopping the rest', () => {
    const problems: string[] = [];
    const hub = createEventHub((m) => problems.push(m));
    const got: number[] = [];
    hub.on('status', () => {
      throw new Error('boom');
    });
    const off = hub.on('status', (s) => got.push(s.samples));
    hub.emit('status', status);
    off();
    hub.emit('status', status);
    expect(got).toEqual([5]);
    expect(problems).toEqual(["a 'status' listener threw: boom", "a 'status' listener threw: boom"]);
    expect(hub.count('status')).toBe(1);
    expect(hub.count('notification')).toBe(0);
  });
});
