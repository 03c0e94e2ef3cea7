/**
 * Destinations on this machine: two client processes (separate from the test) make 200 and 20
 * short connections per second to two local listeners. The view ranks them in that order, names
 * each client process with its births, and its births per second agree with the loads' own counts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Destinations } from '../../../shared/destination-model';
import { listen, type TestListener } from '../metrics/real-sockets-test-kit';
import { buildTestWorkers, sleep } from '../sampler/worker-test-kit';
import type { BuiltWorkers } from '../sampler/worker-test-kit';
import { createPortService, type PortService } from '../service/port-service';
import { startLoad, type ConnectionLoad } from '../test-kit/connection-load';

let built: BuiltWorkers;
let service: PortService;
let fast: TestListener;
let slow: TestListener;
const loads: ConnectionLoad[] = [];
beforeAll(async () => {
  built = await buildTestWorkers();
  fast = await listen();
  slow = await listen();
  service = createPortService({ intervalMs: 1000, workerPath: built.worker });
  await service.subscribe({});
}, 60_000);
afterAll(async () => {
  for (const l of loads) await l.stop();
  await service?.close();
  await fast?.close();
  await slow?.close();
  built?.remove();
});

describe('destinations under a real load', () => {
  it('ranks 200/s above 20/s, with the right client processes and births per second', async () => {
    let latest: Destinations | null = null;
    service.on('destinations', (d) => (latest = d));
    // Short connections, held long enough (300 ms) that a sample on a loaded machine, which may take
    // most of a second to read 20,000 rows, still finds a live one and its owner.
    loads.push(await startLoad(fast.port, 200, 300, 20), await startLoad(slow.port, 20, 300, 20));
    const [fastLoad, slowLoad] = loads as [ConnectionLoad, ConnectionLoad];
    await sleep(12_000);
    const d = (await service.getDestinations({})) as Destinations;
    expect(latest).not.toBeNull();
    const mine = d.destinations.filter((x) => x.remoteAddress === '127.0.0.1' && (x.remotePort === fast.port || x.remotePort === slow.port));
    expect(mine.map((x) => x.remotePort)).toEqual([fast.port, slow.port]);
    const [a, b] = mine as [(typeof mine)[number], (typeof mine)[number]];
    // The load's own rate over the same span: its count at the sample divided by the span watched.
    const fastRate = fastLoad.countAt(d.time) / d.spanSec;
    const slowRate = slowLoad.countAt(d.time) / d.spanSec;
    console.log(
      `span ${d.spanSec.toFixed(1)} s; fast: seen ${a.birthsPerSec.toFixed(1)}/s vs load ${fastRate.toFixed(1)}/s, callers ${JSON.stringify(a.callers)}, unknown ${a.unknownBirths}, ` +
        `TIME_WAIT ${a.timeWait}, median life ${a.medianLifetimeMs} ms; slow: seen ${b.birthsPerSec.toFixed(1)}/s vs load ${slowRate.toFixed(1)}/s, callers ${JSON.stringify(b.callers)}, unknown ${b.unknownBirths}`,
    );
    expect(Math.abs(a.birthsPerSec - fastRate) / fastRate).toBeLessThan(0.1);
    expect(Math.abs(b.birthsPerSec - slowRate) / slowRate).toBeLessThan(0.1);
    expect(a.callers[0]).toMatchObject({ pid: fastLoad.pid, name: 'node' });
    expect(b.callers[0]).toMatchObject({ pid: slowLoad.pid, name: 'node' });
    // Each load is the only caller of its listener; its births are the destination's, within 10%.
    const windowFast = a.births.reduce((x, y) => x + y, 0);
    expect(a.callers[0]!.births).toBeGreaterThan(windowFast * 0.9);
    expect(a.callers.some((c) => c.pid === slowLoad.pid)).toBe(false);
    expect(b.callers.some((c) => c.pid === fastLoad.pid)).toBe(false);
    expect(a.timeWait).toBeGreaterThan(0);
    expect(a.occupancy?.used).toBeGreaterThan(0);
  }, 40_000);
});
