import { describe, expect, it } from 'vitest';
import { EventBuffer } from './event-buffer';
import type { DestroyEvent } from './types';

const event = (time: number, port = 40000): DestroyEvent => ({
  time,
  proto: 'tcp',
  family: 4,
  localAddress: '127.0.0.1',
  localPort: port,
  remoteAddress: '127.0.0.1',
  remotePort: 8080,
  cookie: time.toString(16),
});

describe('EventBuffer', () => {
  it('hands over only events read up to the sample time and keeps later ones for the next tick', () => {
    const b = new EventBuffer(10);
    [100, 200, 300].forEach((t) => b.push(event(t)));
    expect(b.drain(200).events.map((e) => e.time)).toEqual([100, 200]);
    expect(b.size).toBe(1);
    expect(b.drain(1000).events.map((e) => e.time)).toEqual([300]);
    expect(b.drain(2000).events).toEqual([]);
  });

  it('counts instead of keeping once full, and never holds more than the cap', () => {
    const b = new EventBuffer(3);
    for (let i = 0; i < 10; i += 1) b.push(event(i));
    b.countAggregated();
    expect(b.full).toBe(true);
    expect(b.size).toBe(3);
    const batch = b.drain(100);
    expect(batch.events).toHaveLength(3);
    expect(batch.aggregated).toBe(8);
    expect(b.drain(100).aggregated).toBe(0);
  });

  it('reports malformed lines with the first reason, and kernel drops, once per drain', () => {
    const b = new EventBuffer(3);
    b.countMalformed('first');
    b.countMalformed('second');
    b.countKernelDrop();
    expect(b.drain(0)).toMatchObject({ malformed: 2, firstError: 'first', kernelDrops: 1 });
    expect(b.drain(0)).toMatchObject({ malformed: 0, firstError: null, kernelDrops: 0 });
  });

  it('refuses a cap that is not a positive integer', () => {
    expect(() => new EventBuffer(0)).toThrow(/positive integer/);
  });
});
