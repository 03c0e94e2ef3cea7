/**
 * Exports of a real sample (taken through the port service while this test holds a listener
 * and a connection open) read back from JSON and CSV to the same rows; awkward text survives
 * CSV quoting; a failed write leaves nothing behind and says why.
 */
import { timerAt } from '../../../shared/socket-timer';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import type { AddressInfo, Server, Socket as NetSocket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../shared/model';
import { IANA_DYNAMIC, inRange } from '../../../shared/port-class';
import { row } from '../churn/test-rows';
import { TOP_TUPLES } from '../exhaustion/exhaustion-monitor';
import { createLinuxSource } from '../sampler/linux-source';
import { createPortService } from '../service/port-service';
import type { PortService } from '../service/port-service';
import { serviceName } from '../service/port-names';
import { parseCsv } from './csv';
import { exportFilename, renderExport } from './render-export';
import { CSV_COLUMNS, csvToSockets } from './snapshot-csv';
import { buildSnapshotExport, parseSnapshotExport } from './snapshot-json';

const dir = mkdtempSync(join(tmpdir(), 'ephemera-export-'));
let service: PortService;
let server: Server;
let client: NetSocket;
let port: number;
let snapshot: Snapshot;

beforeAll(async () => {
  server = createServer((s) => s.on('error', () => undefined));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
  client = createConnection(port, '127.0.0.1');
  await new Promise((r) => client.on('connect', r));
  service = createPortService({ intervalMs: 250, inProcessSource: createLinuxSource() });
  snapshot = (await service.subscribe({})).snapshot;
  await service.pause({});
  snapshot = (await service.subscribe({})).snapshot;
  // Names arrive after the rows (issue 13); let them settle so two renders of the paused table agree.
  await service.resolveNames(snapshot.sockets.map((s) => s.remoteAddress));
});
afterAll(async () => {
  client?.destroy();
  server?.close();
  await service?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('JSON export of a real sample', () => {
  it('is a valid version-1 document whose rows are the snapshot rows plus the derived columns', async () => {
    const result = await service.exportSnapshot({ format: 'json' });
    expect(result.mime).toBe('application/json');
    expect(result.filename).toMatch(/^ephemera-[A-Za-z0-9._-]+-\d{8}-\d{6}\.json$/);
    const doc = parseSnapshotExport(result.content);
    expect(doc).toMatchObject({ schema: 'ephemera.snapshot', version: 1, host: snapshot.host, source: 'linux-procfs' });
    expect(doc.os.platform).toBe('linux');
    expect(doc.timeMs).toBe(snapshot.time);
    expect(Date.parse(doc.time)).toBe(snapshot.time);
    expect(doc.ephemeralRange).toEqual({ os: snapshot.ephemeralRange, iana: IANA_DYNAMIC });
    expect(doc.sockets.length).toBe(snapshot.sockets.length);
    for (const s of snapshot.sockets) {
      const out = doc.sockets.find((x) => x.id === s.id)!;
      // Timers are given as time left at the snapshot's time, without the internal absolute expiry.
      expect(out).toMatchObject({ ...s, timer: timerAt(s.timer, snapshot.time) });
      expect(out.timer === null || !('expiresAt' in out.timer)).toBe(true);
      expect(out.localInEphemeralRange).toBe(inRange(s.localPort, snapshot.ephemeralRange));
      expect(out.firstSeen).toBe(new Date(snapshot.firstSeen[s.id]!).toISOString());
    }
    const listener = doc.sockets.find((s) => s.localPort === port && s.state === 'LISTEN')!;
    expect(listener.owner?.pid).toBe(process.pid);
    expect(listener.remoteClass).toBeNull();
    // Linux shares an ephemeral port among connections to different peers: match the whole pair.
    const outbound = doc.sockets.find((s) => s.localPort === client.localPort && s.remotePort === port)!;
    expect(outbound.state).toBe('ESTABLISHED');
    expect(outbound.localInEphemeralRange).toBe(true);
  });

  it('carries the reconciliation, the occupancy of the connection tuple and the warnings in force', async () => {
    const doc = parseSnapshotExport((await service.exportSnapshot({ format: 'json' })).content);
    expect(Object.keys(doc.reconciliation).sort()).toEqual(['birthsByBasis', 'kernelOpens', 'missed', 'seenBySampling', 'seenOnlyByEvents']);
    expect(Object.keys(doc.reconciliation.birthsByBasis ?? {}).sort()).toEqual(['exact', 'inferredGuess', 'inferredUnique', 'unattributed']);
    // Which sources were on: this service polls in process, without destroy events or the tracepoint.
    expect(doc.sources?.polling).toMatch(/^linux-procfs every 250 ms/);
    expect(doc.sources?.destroyEvents).toMatch(/^off/);
    expect(doc.sources?.tracepoint).toBe('off: not turned on');
    const tuples = doc.exhaustion?.tuples ?? [];
    const tuple = tuples.find((t) => t.remoteAddress === '127.0.0.1' && t.remotePort === port);
    if (tuple === undefined) {
      // Other tests' sockets on a shared machine can crowd ours out of the busiest few: then the
      // list must be full and every listed tuple at least as busy as ours.
      const ours = doc.sockets.filter((s) => s.proto === 'tcp' && s.remotePort === port && s.localInEphemeralRange).length;
      expect(tuples).toHaveLength(TOP_TUPLES);
      expect(tuples.every((t) => t.used >= ours)).toBe(true);
    } else {
      expect(tuple).toMatchObject({ proto: 'tcp', localAddress: '127.0.0.1', level: 'ok' });
      expect(tuple.used).toBeGreaterThanOrEqual(1);
    }
    // listen(0) draws its port from the ephemeral range: the export names that listener
    expect(doc.flags?.listenersInEphemeral.some((l) => l.port === port && l.owner?.pid === process.pid)).toBe(true);
    expect(doc.warnings?.find((w) => w.subject === `tcp 127.0.0.1:${port}`)).toMatchObject({ kind: 'listener-in-ephemeral', level: 'warning' });
  });

  it('lists a critical exhaustion warning naming its tuple, and reads it back', () => {
    const range = snapshot.ephemeralRange;
    const capacity = range.high - range.low + 1;
    const used = Math.ceil(capacity * 0.95);
    const exhaustion = {
      level: 'critical' as const,
      capacity,
      forecastSec: 3,
      timeWait: { total: 10, expiry: [] },
      tuples: [{ proto: 'tcp' as const, localAddress: '10.0.0.2', remoteAddress: '10.0.0.9', remotePort: 5432, used, capacity, fraction: used / capacity, level: 'critical' as const, timeWait: 10, timeWaitExpiry: [], ratePerSec: 50, forecastSec: 3 }],
    };
    const input = { snapshot, reconciliation: { kernelOpens: 9, seenBySampling: 5, seenOnlyByEvents: 3, missed: 1 }, os: { platform: 'linux', release: 'r', arch: 'x64' }, serviceName, exhaustion };
    const doc = parseSnapshotExport(renderExport('json', input).content);
    expect(doc.reconciliation).toEqual({ kernelOpens: 9, seenBySampling: 5, seenOnlyByEvents: 3, missed: 1 });
    expect(doc.warnings).toEqual([expect.objectContaining({ kind: 'exhaustion', level: 'critical', subject: 'tcp 10.0.0.2 → 10.0.0.9:5432' })]);
    expect(doc.warnings![0]!.title).toBe(`Ephemeral ports 95% used: tcp 10.0.0.2 → 10.0.0.9:5432`);
  });
});

describe('CSV export of a real sample', () => {
  it('has the documented header and reads back to exactly the JSON rows', async () => {
    const json = parseSnapshotExport((await service.exportSnapshot({ format: 'json' })).content);
    const csv = await service.exportSnapshot({ format: 'csv' });
    expect(csv.mime).toBe('text/csv; charset=utf-8');
    expect(parseCsv(csv.content)[0]).toEqual(CSV_COLUMNS);
    expect(csv.content.endsWith('\r\n')).toBe(true);
    expect(csvToSockets(csv.content)).toEqual(json.sockets);
  });

  it('quotes awkward owner names and addresses so they round-trip', () => {
    const nasty = row({ lport: 443, rport: 51000, inode: 9, owner: { pid: 42, startTime: 7, name: 'a,"b"\r\nc', inferred: true } });
    const plain = row({ lport: 53, proto: 'udp', local: '::1', owner: null });
    const snap: Snapshot = { ...snapshot, sockets: [nasty, plain], firstSeen: { [nasty.id]: 1_700_000_000_000 } };
    const input = { snapshot: snap, reconciliation: { kernelOpens: null, seenBySampling: 0, seenOnlyByEvents: 0, missed: null }, os: { platform: 'linux', release: 'r', arch: 'x64' }, serviceName };
    const csv = renderExport('csv', input).content;
    expect(csv).toContain('"a,""b""\r\nc"');
    const back = csvToSockets(csv);
    expect(back).toEqual(buildSnapshotExport(input).sockets);
    expect(back.find((s) => s.localPort === 443)).toMatchObject({ localService: 'https', remoteClass: 'dynamic', firstSeen: '2023-11-14T22:13:20.000Z' });
    expect(back.find((s) => s.localPort === 53)).toMatchObject({ owner: null, localService: 'domain', firstSeen: null });
  });

  it("gives a capture's port named without a number no class (not well-known port 0), in JSON and CSV", () => {
    const unknown = { ...row({ lport: 0, rport: 443, inode: 0, owner: null }), localPortName: 'my-svc' };
    const wildcard = row({ lport: 0, proto: 'udp', owner: null });
    const snap: Snapshot = { ...snapshot, sockets: [unknown, wildcard], firstSeen: {} };
    const input = { snapshot: snap, reconciliation: { kernelOpens: null, seenBySampling: 0, seenOnlyByEvents: 0, missed: null }, os: { platform: 'linux', release: 'r', arch: 'x64' }, serviceName };
    const json = buildSnapshotExport(input).sockets;
    expect(json.map((s) => s.localClass)).toEqual([null, 'well-known']);
    expect(json[0]).toMatchObject({ remoteClass: 'well-known', localInEphemeralRange: false });
    expect(csvToSockets(renderExport('csv', input).content).map((s) => s.localClass)).toEqual([null, 'well-known']);
  });

  it('refuses a damaged CSV with the row and reason', () => {
    const header = CSV_COLUMNS.join(',');
    expect(() => csvToSockets(`${header}\r\nx\r\n`)).toThrow(/row 2 has 1 fields/);
    expect(() => csvToSockets('id,proto\r\n')).toThrow(/lacks columns: family/);
    const bad = `${header}\r\n` + CSV_COLUMNS.map((c) => (c === 'local_port' ? '99999' : '')).join(',') + '\r\n';
    expect(() => csvToSockets(bad)).toThrow(/CSV row 2 is not a socket row/);
  });
});

describe('writeExport', () => {
  it('writes the same bytes exportSnapshot renders, atomically', async () => {
    const path = join(dir, 'snap.csv');
    const r = await service.writeExport('csv', path);
    const content = readFileSync(path, 'utf8');
    expect(content).toBe((await service.exportSnapshot({ format: 'csv' })).content);
    expect(r).toEqual({ path, bytes: Buffer.byteLength(content) });
    expect(readdirSync(dir)).toEqual(['snap.csv']);
  });

  it('fails with the path and reason, leaving no file, where writing is denied', async () => {
    await expect(service.writeExport('json', '/sys/kernel/ephemera.json')).rejects.toThrow(
      'could not write /sys/kernel/ephemera.json: permission denied (EACCES)',
    );
    expect(readdirSync('/sys/kernel').filter((n) => n.includes('ephemera'))).toEqual([]);
    await expect(service.writeExport('json', join(dir, 'nope', 'x.json'))).rejects.toThrow(/folder does not exist \(ENOENT\)/);
    await expect(service.writeExport('xml' as never, join(dir, 'x.xml'))).rejects.toThrow();
  });
});

describe('exportFilename', () => {
  it('keeps only safe characters of the host name and stamps UTC time', () => {
    expect(exportFilename('my host/../x', Date.UTC(2024, 0, 31, 23, 59, 58), 'csv')).toBe('ephemera-my_host_.._x-20240131-235958.csv');
  });
});
