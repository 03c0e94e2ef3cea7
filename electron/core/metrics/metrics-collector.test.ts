/**
 * The collector on a real port service sampling this machine: connections this test opens and
 * closes must show up in the births, deaths, kernel-open and histogram figures a real Prometheus
 * parser reads back, and the table figures must equal the service's own snapshot.
 */
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import type { PromFamily } from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseSource } from '../sampler/choose-source';
import { createPortService } from '../service/port-service';
import type { PortService } from '../service/port-service';
import { createMetricsCollector } from './metrics-collector';
import type { MetricsCollector } from './metrics-collector';
import { rangeOccupancy } from './occupancy';
import { closeAll, connectMany, listen, waitUntil } from './real-sockets-test-kit';
import type { TestListener } from './real-sockets-test-kit';

const CONNECTIONS = 20;
let service: PortService;
let collector: MetricsCollector;
let listener: TestListener;
let deltas = 0;

beforeAll(async () => {
  listener = await listen();
  service = createPortService({ inProcessSource: chooseSource(), intervalMs: 250 });
  collector = createMetricsCollector(service, 'test');
  service.on('delta', () => (deltas += 1));
  await service.subscribe({});
});
afterAll(async () => {
  collector?.close();
  await service?.close();
  await listener?.close();
});

const byName = (text: string): Map<string, PromFamily> => new Map(parsePrometheusTextFormat(text).map((f) => [f.name, f]));
const num = (f: Map<string, PromFamily>, name: string): number => Number(f.get(name)?.metrics[0]?.value ?? NaN);

describe('metrics collector on the real machine', () => {
  it('counts the births, deaths and kernel opens of connections it watched open and close', async () => {
    const before = byName(await collector.render());
    const clients = await connectMany(listener.port, CONNECTIONS);
    await waitUntil(async () => {
      const { snapshot } = await service.subscribe({});
      return snapshot.sockets.filter((s) => s.remotePort === listener.port && s.state === 'ESTABLISHED').length >= CONNECTIONS;
    }, 5000, 'the connections in a sample');
    await closeAll(clients);
    await waitUntil(async () => {
      const { snapshot } = await service.subscribe({});
      return !snapshot.sockets.some((s) => s.localPort === listener.port && s.state === 'ESTABLISHED');
    }, 5000, 'the server ends to close in a sample');
    const after = byName(await collector.render());
    // Each connection is two tuples here (client end and accepted end), both born in view.
    expect(num(after, 'ephemera_births_total') - num(before, 'ephemera_births_total')).toBeGreaterThanOrEqual(2 * CONNECTIONS);
    // The accepted ends are gone; the client ends live on as TIME_WAIT, which is not a death.
    expect(num(after, 'ephemera_deaths_total') - num(before, 'ephemera_deaths_total')).toBeGreaterThanOrEqual(CONNECTIONS);
    // Linux counts one active and one passive open per loopback connection.
    expect(num(after, 'ephemera_kernel_opens_total') - num(before, 'ephemera_kernel_opens_total')).toBeGreaterThanOrEqual(2 * CONNECTIONS);
    expect(num(after, 'ephemera_missed_opens_total')).toBeGreaterThanOrEqual(0);
  });

  it('table figures equal the snapshot, and the histogram holds one observation per delta', async () => {
    await service.pause({});
    const { snapshot } = await service.subscribe({});
    const fams = byName(await collector.render());
    const listening = fams.get('ephemera_sockets')?.metrics.find((m) => m.labels?.proto === 'tcp' && m.labels.state === 'LISTEN');
    expect(Number(listening?.value)).toBe(snapshot.sockets.filter((s) => s.proto === 'tcp' && s.state === 'LISTEN').length);
    expect(snapshot.sockets.some((s) => s.localPort === listener.port && s.state === 'LISTEN' && s.owner?.pid === process.pid)).toBe(true);
    expect(num(fams, 'ephemera_sockets_owner_unknown')).toBe(snapshot.sockets.filter((s) => s.owner === null).length);
    expect(num(fams, 'ephemera_time_wait_sockets')).toBe(snapshot.sockets.filter((s) => s.state === 'TIME_WAIT').length);
    expect(num(fams, 'ephemera_time_wait_sockets')).toBeGreaterThanOrEqual(CONNECTIONS);
    expect(num(fams, 'ephemera_ephemeral_occupancy_ratio')).toBe(rangeOccupancy(snapshot.sockets, snapshot.ephemeralRange).ratio);
    const h = fams.get('ephemera_sample_duration_seconds')?.metrics[0];
    expect(Number(h?.count)).toBe(deltas);
    expect(Number(h?.sum)).toBeGreaterThan(0);
    await service.resume({});
  });
});
