import { describe, expect, it } from 'vitest';
import type { Socket } from '../../../shared/model';
import { createChurnEngine } from './churn-engine';
import { CALLERS_PER_DESTINATION } from './destinations';
import { META, owner, row, sample } from './test-rows';

const curl = owner(4242, 'curl');
const app = owner(777, 'app');
const T0 = 1_700_000_000_000;

/** A client row to 10.0.0.9:443 from an ephemeral port. */
const out = (lport: number, state: Socket['state'] = 'ESTABLISHED', who = curl, remote = '10.0.0.9', rport = 443): Socket =>
  row({ lport, remote, rport, state, inode: state === 'TIME_WAIT' ? 0 : lport, owner: state === 'TIME_WAIT' ? null : who });

describe('destinations in the churn engine', () => {
  it('ranks by births per second, with states, callers, TIME_WAIT, lifetimes and occupancy', () => {
    const engine = createChurnEngine(META);
    const listener = row({ lport: 8080, state: 'LISTEN', inode: 1, owner: app });
    engine.ingest(sample(T0, [listener]));
    // Second 1: curl opens 3 to 10.0.0.9:443, app opens 1 to 10.0.0.7:5432; a server-side row on 8080 is not a destination.
    const accepted = row({ lport: 8080, remote: '10.0.0.50', rport: 50000, inode: 2, owner: app });
    engine.ingest(sample(T0 + 1000, [listener, accepted, out(40001), out(40002), out(40003), out(40100, 'ESTABLISHED', app, '10.0.0.7', 5432)]));
    // Second 2: two of curl's close into TIME_WAIT (same connection), one new is first seen in TIME_WAIT.
    engine.ingest(sample(T0 + 2000, [listener, accepted, out(40001, 'TIME_WAIT'), out(40002, 'TIME_WAIT'), out(40003), out(40004, 'TIME_WAIT'), out(40100, 'ESTABLISHED', app, '10.0.0.7', 5432)]));
    // Second 3: the TIME_WAITs are gone: two connections ended after 1 s and 2 s of life.
    engine.ingest(sample(T0 + 3000, [listener, accepted, out(40003), out(40100, 'ESTABLISHED', app, '10.0.0.7', 5432)]));

    const d = engine.destinations(10);
    expect(d.spanSec).toBe(3);
    expect(d.destinations.map((x) => x.key)).toEqual(['tcp|10.0.0.9|443', 'tcp|10.0.0.7|5432']);
    const [busy, quiet] = d.destinations;
    expect(busy).toMatchObject({
      proto: 'tcp', remoteAddress: '10.0.0.9', remotePort: 443, connections: 1, states: { ESTABLISHED: 1 },
      birthsTotal: 4, timeWait: 0, unknownBirths: 0,
    });
    expect(busy!.birthsPerSec).toBeCloseTo(4 / 3);
    expect(busy!.births.slice(-3)).toEqual([3, 1, 0]);
    expect(busy!.births).toHaveLength(60);
    // 40001 and 40002 lived 1000..3000, 40004 2000..3000.
    expect(busy!.medianLifetimeMs).toBe(2000);
    // The TIME_WAIT-first birth has no owner: it goes to the process last seen calling here, as a guess.
    expect(busy!.callers).toEqual([{ pid: 4242, startTime: 1000, name: 'curl', connections: 1, births: 4, inferredBirths: 1 }]);
    expect(busy!.occupancy).toMatchObject({ localAddress: '127.0.0.1', remoteAddress: '10.0.0.9', remotePort: 443, used: 1, capacity: 28232 });
    expect(quiet).toMatchObject({ birthsTotal: 1, connections: 1, callers: [{ pid: 777, name: 'app', births: 1, inferredBirths: 0 }] });
    expect(d.totals).toEqual({ births: 5, timeWait: 0, tracked: 2 });
  });

  it('counts TIME_WAIT now and forgets a destination a minute after its last row and birth', () => {
    const engine = createChurnEngine(META);
    engine.ingest(sample(T0, []));
    engine.ingest(sample(T0 + 1000, [out(40010, 'TIME_WAIT'), out(40011, 'TIME_WAIT')]));
    let d = engine.destinations(10);
    expect(d.destinations[0]).toMatchObject({ timeWait: 2, unknownBirths: 2, callers: [] });
    expect(d.totals.timeWait).toBe(2);
    engine.ingest(sample(T0 + 2000, []));
    expect(engine.destinations(10).destinations).toHaveLength(1);
    engine.ingest(sample(T0 + 62_000, []));
    d = engine.destinations(10);
    expect(d.destinations).toHaveLength(0);
    expect(d.totals).toEqual({ births: 2, timeWait: 0, tracked: 0 });
  });

  it('caps the callers followed per destination', () => {
    const engine = createChurnEngine(META);
    engine.ingest(sample(T0, []));
    const rows = Array.from({ length: CALLERS_PER_DESTINATION + 4 }, (_, i) => out(41000 + i, 'ESTABLISHED', owner(100 + i, `p${i}`)));
    engine.ingest(sample(T0 + 1000, rows));
    const [d] = engine.destinations(1).destinations;
    expect(d!.connections).toBe(rows.length);
    expect(d!.callers.length).toBeLessThanOrEqual(5);
    expect(d!.birthsTotal).toBe(rows.length);
    // Births beyond the followed callers are counted as unknown rather than dropped.
    const named = d!.callers.reduce((n, c) => n + c.births, 0);
    expect(named + d!.unknownBirths).toBeLessThanOrEqual(rows.length);
    expect(d!.unknownBirths).toBe(4);
  });
});
