import { describe, expect, it } from 'vitest';
import { createChurnEngine } from './churn-engine';
import { META, counters, row, sample } from './test-rows';

/** Both rows of one loopback connection: the client's (active open) and the server's (passive open). */
function loopbackPair(clientPort: number, inode: number) {
  return [
    row({ lport: clientPort, rport: 8080, inode }),
    row({ lport: 8080, rport: clientPort, inode: inode + 1 }),
  ];
}

const listener = row({ lport: 8080, state: 'LISTEN', inode: 1 });

describe('createChurnEngine: reconciliation with kernel counters', () => {
  it('matches a loopback connection (two rows) against one active plus one passive open', () => {
    const e = createChurnEngine(META);
    e.ingest(sample(1000, [listener], counters(100, 50)));
    const d = e.ingest(sample(2000, [listener, ...loopbackPair(40000, 10)], counters(101, 51)));
    expect(d.stats).toMatchObject({ births: 2, kernelOpens: 2 });
    expect(e.summary().reconciliation).toMatchObject({ kernelOpens: 2, seenBySampling: 2, seenOnlyByEvents: 0, missed: 0 });
  });

  it('reports opens the kernel counted between ticks as missed, and keeps listeners and UDP out', () => {
    const e = createChurnEngine(META);
    e.ingest(sample(1000, [], counters(0, 0)));
    const udp = row({ proto: 'udp', lport: 5353, inode: 3 });
    e.ingest(sample(2000, [listener, udp, ...loopbackPair(40000, 10)], counters(4, 3)));
    e.ingest(sample(3000, [listener, udp], counters(4, 3)));
    const d = e.ingest(sample(4000, [listener, udp], counters(9, 3)));
    expect(d.stats.kernelOpens).toBe(5);
    expect(e.summary().reconciliation).toMatchObject({ kernelOpens: 12, seenBySampling: 2, seenOnlyByEvents: 0, missed: 10 });
    const kernelPerBucket = e.summary().buckets.map((b) => b.kernelOpens);
    expect(kernelPerBucket).toEqual([null, 7, 0, 5]);
  });

  it('turns a counter reset into an unknown tick, never a negative or a phantom miss', () => {
    const e = createChurnEngine(META);
    e.ingest(sample(1000, [], counters(500, 500)));
    const reset = e.ingest(sample(2000, [...loopbackPair(40000, 10)], counters(1, 0)));
    expect(reset.stats.kernelOpens).toBeNull();
    const after = e.ingest(sample(3000, [...loopbackPair(40000, 10), ...loopbackPair(40001, 20)], counters(2, 1)));
    expect(after.stats.kernelOpens).toBe(2);
    expect(e.summary().reconciliation).toMatchObject({ kernelOpens: 2, seenBySampling: 4, seenOnlyByEvents: 0, missed: 0 });
  });

  it('says null, not zero, when the source has no counters', () => {
    const e = createChurnEngine(META);
    e.ingest(sample(1000, []));
    const d = e.ingest(sample(2000, [...loopbackPair(40000, 10)]));
    expect(d.stats.kernelOpens).toBeNull();
    expect(d.counters).toBeNull();
    expect(e.summary().reconciliation).toMatchObject({ kernelOpens: null, seenBySampling: 2, seenOnlyByEvents: 0, missed: null });
  });

  it('does not count the TIME_WAIT tail of a seen connection as another open', () => {
    const e = createChurnEngine(META);
    const est = row({ lport: 45000, remote: '10.0.0.1', rport: 443, inode: 7 });
    const tw = { ...row({ lport: 45000, remote: '10.0.0.1', rport: 443 }), state: 'TIME_WAIT' as const };
    e.ingest(sample(1000, [], counters(0, 0)));
    e.ingest(sample(2000, [est], counters(1, 0)));
    e.ingest(sample(3000, [tw], counters(1, 0)));
    e.ingest(sample(4000, [], counters(1, 0)));
    expect(e.summary().reconciliation).toMatchObject({ kernelOpens: 1, seenBySampling: 1, seenOnlyByEvents: 0, missed: 0 });
  });

  it('takes event-only births from the hook, per tick after the first, into stats and reconciliation', () => {
    const windows: number[] = [];
    const e = createChurnEngine(META, undefined, {
      eventOnlyBirths: ({ prevTime }) => {
        windows.push(prevTime);
        return 3;
      },
    });
    e.ingest(sample(1000, [], counters(0, 0)));
    const d = e.ingest(sample(2000, [], counters(5, 0)));
    expect(d.stats.eventOnlyBirths).toBe(3);
    expect(windows).toEqual([1000]);
    expect(e.summary().reconciliation).toMatchObject({ kernelOpens: 5, seenBySampling: 0, seenOnlyByEvents: 3, missed: 2 });
  });

  it('leaves eventOnlyBirths at 0 without a hook', () => {
    const e = createChurnEngine(META);
    e.ingest(sample(1000, []));
    expect(e.ingest(sample(2000, [...loopbackPair(40000, 10)])).stats.eventOnlyBirths).toBe(0);
  });
});

describe('createChurnEngine: a misbehaving event hook', () => {
  it('leaves the engine unchanged when the hook throws, and ignores a count that is not a count', () => {
    let mode: 'throw' | 'nan' | 'ok' = 'ok';
    const e = createChurnEngine(META, undefined, {
      eventOnlyBirths: () => {
        if (mode === 'throw') throw new Error('event reader died');
        return mode === 'nan' ? Number.NaN : 1;
      },
    });
    e.ingest(sample(1000, [listener]));
    mode = 'throw';
    expect(() => e.ingest(sample(2000, []))).toThrow('event reader died');
    expect(e.snapshot()).toMatchObject({ seq: 1, time: 1000, sockets: [listener] });
    mode = 'nan';
    expect(e.ingest(sample(3000, [])).stats.eventOnlyBirths).toBe(0);
    expect(e.summary().reconciliation.seenOnlyByEvents).toBe(0);
  });
});
