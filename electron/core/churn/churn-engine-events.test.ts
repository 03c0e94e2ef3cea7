/**
 * The engine with destroy events: reconciliation, exact ends, unseen connections tallied below one
 * tick with inferred owners, and TIME_WAIT-first connections attributed. Events are parsed from
 * ss -E lines in the recorded format, fed through the real EventBuffer.
 */
import { LONE_SIGHTINGS } from '../events/owner-inference';
import { describe, expect, it } from 'vitest';
import { EventBuffer } from '../events/event-buffer';
import { parseDestroyLine } from '../events/ss-event-line';
import { createChurnEngine } from './churn-engine';
import { lifetimeBucket } from './lifetime-histogram';
import { META, counters, owner, row, sample } from './test-rows';

const server = owner(100, 'server');
const client = owner(200, 'client');
const listener = row({ lport: 8080, state: 'LISTEN', inode: 1, owner: server });

/** An engine whose event feed is a real buffer; `destroyed` pushes ss -E lines read at `time`. */
function setup() {
  const buffer = new EventBuffer(100);
  const engine = createChurnEngine(META, undefined, { destroyEvents: (until) => buffer.drain(until) });
  const destroyed = (time: number, ...tuples: [string, string][]): void => {
    for (const [local, peer] of tuples) {
      const r = parseDestroyLine(`tcp UNCONN 0 0 ${local} ${peer} ino:0 sk:1`, time);
      if (r.kind !== 'event') throw new Error('bad line');
      buffer.push(r.event);
    }
  };
  return { engine, destroyed };
}

describe('createChurnEngine with destroy events', () => {
  it('counts a loopback connection that lived between samples as two event-only opens, nothing missed', () => {
    const { engine, destroyed } = setup();
    engine.ingest(sample(1000, [listener], counters(10, 10)));
    destroyed(1400, ['127.0.0.1:45000', '127.0.0.1:8080'], ['127.0.0.1:8080', '127.0.0.1:45000']);
    const d = engine.ingest(sample(2000, [listener], counters(11, 11)));
    expect(d.stats).toMatchObject({ births: 0, eventOnlyBirths: 2, kernelOpens: 2 });
    const s = engine.summary();
    expect(s.reconciliation).toMatchObject({ kernelOpens: 2, seenBySampling: 0, seenOnlyByEvents: 2, missed: 0 });
    expect(s.buckets.at(-1)?.eventOnlyBirths).toBe(2);
    expect(s.lifetimes.belowOneTick).toBe(2);
    expect(s.lifetimes.counts.reduce((a, b) => a + b, 0)).toBe(0);
    expect(s.events).toMatchObject({ examined: 2, unseenTcp: 2, closedSampled: 0, inferredOwners: 1 });
    // the server side is inferred from the listener; the client side has nothing to go by yet
    expect(s.events?.recent.map((u) => [u.localPort, u.owner?.pid ?? null, u.basis])).toEqual([
      [8080, 100, 'listener'],
      [45000, null, null],
    ]);
    expect(s.topByChurn.find((c) => c.pid === 100)).toMatchObject({ births: 1, inferredBirths: 1 });
    expect(engine.lifetimesFor(100)?.belowOneTick).toBe(1);
  });

  /** Sampled connections of the client to 127.0.0.1:8080, enough of them to make it the lone client. */
  const earlier = (from: number) => Array.from({ length: LONE_SIGHTINGS }, (_, i) => row({ lport: from + i, rport: 8080, inode: from + i, owner: client }));

  it('attributes the client side of unseen connections to the process seen connecting there before', () => {
    const { engine, destroyed } = setup();
    const seen = row({ lport: 45000, rport: 8080, inode: 5, owner: client });
    engine.ingest(sample(1000, [listener], counters(0, 0)));
    engine.ingest(sample(2000, [listener, seen, ...earlier(46000)], counters(1, 1)));
    destroyed(2500, ['127.0.0.1:45002', '127.0.0.1:8080']);
    engine.ingest(sample(3000, [listener, seen], counters(2, 1)));
    expect(engine.summary().events?.recent[0]).toMatchObject({ localPort: 45002, owner: { pid: 200, inferred: true }, basis: 'destination' });
  });

  it('ends a seen connection at its destroy event, not at the next sample', () => {
    const { engine, destroyed } = setup();
    const conn = row({ lport: 45000, rport: 8080, inode: 5, owner: client });
    engine.ingest(sample(1000, [listener], counters(0, 0)));
    engine.ingest(sample(2000, [listener, conn], counters(1, 0)));
    destroyed(2030, ['127.0.0.1:45000', '127.0.0.1:8080']);
    const d = engine.ingest(sample(3000, [listener], counters(1, 0)));
    expect(d.stats.eventOnlyBirths).toBe(0);
    const s = engine.summary();
    expect(s.events).toMatchObject({ closedSampled: 1, unseenTcp: 0 });
    const counts = s.lifetimes.counts;
    expect(counts[lifetimeBucket(30)]).toBe(1); // 2000 → 2030, where polling alone would say 1000 ms
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
    expect(engine.portHistory(45000, 'tcp')[0]).toMatchObject({ from: 2000, to: 2030 });
  });

  it('gives a connection first seen in TIME_WAIT an inferred owner instead of none', () => {
    const { engine, destroyed } = setup();
    const seen = row({ lport: 45000, rport: 8080, inode: 5, owner: client });
    const tw = { ...row({ lport: 45001, rport: 8080 }), state: 'TIME_WAIT' as const };
    engine.ingest(sample(1000, [listener, seen], counters(0, 0)));
    destroyed(1500, ['127.0.0.1:45001', '127.0.0.1:8080']);
    const d = engine.ingest(sample(2000, [listener, seen, ...earlier(46000), tw], counters(1, 0)));
    expect(d.stats).toMatchObject({ births: 1 + LONE_SIGHTINGS, eventOnlyBirths: 0 });
    expect(d.added.find((s) => s.state === 'TIME_WAIT')?.owner).toBeNull(); // the table row stays as the kernel shows it
    expect(engine.portHistory(45001, 'tcp')[0]?.owner).toEqual({ ...client, inferred: true, basis: 'inferred-unique' });
    expect(engine.summary().reconciliation).toMatchObject({ seenBySampling: 1 + LONE_SIGHTINGS, seenOnlyByEvents: 0 });
  });

  it('counts a TIME_WAIT whose timer started over as a new connection, and gives each its own destroy event', () => {
    const { engine, destroyed } = setup();
    const tw = (remainingMs: number) => ({
      ...row({ lport: 45001, rport: 8080 }),
      state: 'TIME_WAIT' as const,
      timer: { kind: 'time-wait' as const, remainingMs, retransmits: 0 },
    });
    engine.ingest(sample(1000, [listener], counters(0, 0)));
    destroyed(1500, ['127.0.0.1:45001', '127.0.0.1:8080']);
    const first = engine.ingest(sample(2000, [listener, tw(59_500)], counters(1, 0)));
    // the tuple was reused at 2400 (tcp_tw_reuse): the same row id, its timer back near 60 s
    destroyed(2400, ['127.0.0.1:45001', '127.0.0.1:8080']);
    const second = engine.ingest(sample(3000, [listener, tw(59_400)], counters(2, 0)));
    expect([first.stats, second.stats]).toMatchObject([
      { births: 1, deaths: 0, eventOnlyBirths: 0 },
      { births: 1, deaths: 1, eventOnlyBirths: 0 },
    ]);
    expect(engine.summary().reconciliation).toMatchObject({ kernelOpens: 2, seenBySampling: 2, seenOnlyByEvents: 0, missed: 0 });
  });

  it("infers the owner of an unresolved row of this user's, never of another user's row", () => {
    const buffer = new EventBuffer(10);
    const engine = createChurnEngine(META, undefined, { destroyEvents: (until) => buffer.drain(until), selfUid: 1000 });
    const seen = row({ lport: 45000, rport: 8080, inode: 5, owner: client });
    const mine = row({ lport: 45001, rport: 8080, inode: 6 }); // uid 1000, owner not resolved yet
    const theirs = { ...row({ lport: 45002, rport: 8080, inode: 7 }), uid: 2000 };
    engine.ingest(sample(1000, [listener, seen, ...earlier(46000)], counters(0, 0)));
    engine.ingest(sample(2000, [listener, seen, ...earlier(46000), mine, theirs], counters(2, 0)));
    expect(engine.portHistory(45001, 'tcp')[0]?.owner).toEqual({ ...client, inferred: true, basis: 'inferred-unique' });
    expect(engine.portHistory(45002, 'tcp')[0]?.owner).toBeNull();
  });

  it('without the hook keeps the summary as before: no events, no below-one-tick tally', () => {
    const engine = createChurnEngine(META);
    engine.ingest(sample(1000, [listener]));
    const s = engine.summary();
    expect(s.events).toBeUndefined();
    expect(s.lifetimes.belowOneTick).toBeUndefined();
    expect(s.buckets[0]).not.toHaveProperty('eventOnlyBirths');
  });

  it('counts the owners the connect tracepoint named apart from inferred ones', () => {
    const buffer = new EventBuffer(100);
    // The tracer's answer for the client tuple it saw connect; nothing for the server side.
    const traced = (t: { localPort: number }) => (t.localPort === 45000 ? client : null);
    const engine = createChurnEngine(META, undefined, { destroyEvents: (until) => buffer.drain(until), exactOwner: traced });
    engine.ingest(sample(1000, [listener], counters(10, 10)));
    for (const [local, peer] of [['127.0.0.1:45000', '127.0.0.1:8080'], ['127.0.0.1:8080', '127.0.0.1:45000']] as const) {
      const r = parseDestroyLine(`tcp UNCONN 0 0 ${local} ${peer} ino:0 sk:1`, 1400);
      if (r.kind === 'event') buffer.push(r.event);
    }
    engine.ingest(sample(2000, [listener], counters(11, 11)));
    // The client side from the tracepoint, the server side inferred from the listener.
    expect(engine.summary().events).toMatchObject({ unseenTcp: 2, tracepointOwners: 1, inferredOwners: 1 });
    expect(engine.summary().events?.recent.map((u) => [u.localPort, u.owner?.pid ?? null, u.basis])).toEqual([
      [8080, 100, 'listener'],
      [45000, 200, 'tracepoint'],
    ]);
  });
});
