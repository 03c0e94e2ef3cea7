import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { row } from '../churn/test-rows';
import { parseSs } from '../sampler/ss-parse';
import { KNOWN, KNOWN_TABLE } from './metrics-test-table';
import { maxTupleOccupancy, rangeOccupancy } from './occupancy';

const range = KNOWN_TABLE.ephemeralRange;

describe('ephemeral occupancy', () => {
  it('counts distinct local ports inside the range, any state', () => {
    expect(rangeOccupancy(KNOWN_TABLE.sockets, range)).toEqual({ held: KNOWN.held, size: KNOWN.rangeSize, ratio: KNOWN.occupancy });
  });

  it('counts a port held by two sockets (tcp and udp) once', () => {
    const both = [row({ lport: 40005, inode: 1 }), row({ proto: 'udp', lport: 40005, inode: 2 })];
    expect(rangeOccupancy(both, range).held).toBe(1);
  });

  it('finds the busiest (proto, local, remote, remote port) tuple; TIME_WAIT keeps its port taken', () => {
    expect(maxTupleOccupancy(KNOWN_TABLE.sockets, range)).toEqual({
      tuple: 'tcp 10.0.0.1 -> 10.0.0.2:443',
      held: 3,
      size: 10,
      ratio: KNOWN.tupleOccupancy,
    });
  });

  it('ignores listeners and rows outside the range; an empty range is 0, not NaN', () => {
    expect(maxTupleOccupancy([row({ lport: 40001, state: 'LISTEN' })], range)).toMatchObject({ tuple: null, ratio: 0 });
    expect(rangeOccupancy(KNOWN_TABLE.sockets, { low: 10, high: 5 })).toEqual({ held: 0, size: 0, ratio: 0 });
  });

  it('on a recorded ss capture, held ports equal the distinct local ports ss printed in the range', () => {
    const text = readFileSync(new URL('../sampler/fixtures/ss/ss-tunaep.txt', import.meta.url), 'utf8');
    const { sockets } = parseSs(text);
    const linux = { low: 32768, high: 60999 };
    const ports = new Set(
      text
        .split('\n')
        .slice(1)
        .map((l) => Number(/\S+:(\d+)\s/.exec(l.split(/\s+/).slice(4).join(' ') + ' ')?.[1]))
        .filter((p) => p >= linux.low && p <= linux.high),
    );
    expect(ports.size).toBeGreaterThan(3);
    expect(rangeOccupancy(sockets, linux).held).toBe(ports.size);
  });
});
