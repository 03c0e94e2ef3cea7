/**
 * The service's actions on this machine, sampled for real: a preview of a child's port names the
 * child with its command line and the port it frees and issues a nonce that admits the action
 * once; closeConnection as root resets one of two connections between two child processes while
 * the other stays ESTABLISHED; checkPort says who blocks a port and that a TIME_WAIT remnant does
 * not block a server using SO_REUSEADDR; the action log rides on the status and the JSON export.
 */
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createConnection, createServer } from 'node:net';
import type { AddressInfo, Socket as NetSocket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from '../../../shared/model';
import type { ChildListener } from '../actions/child-kit';
import { canListen, spawnListener } from '../actions/child-kit';
import { parseSnapshotExport } from '../export/snapshot-json';
import { buildTestWorkers } from '../sampler/worker-test-kit';
import type { BuiltWorkers } from '../sampler/worker-test-kit';
import { createPortService } from './port-service';
import type { PortService } from './port-service';

const isLinux = process.platform === 'linux';
const isRoot = process.getuid?.() === 0;

let service: PortService;
let built: BuiltWorkers;
// The production sampler thread: a slow sample of a crowded machine never blocks the test's thread.
beforeAll(async () => {
  if (!isLinux) return;
  built = await buildTestWorkers();
  service = createPortService({ workerPath: built.worker, intervalMs: 500, destroyEvents: false });
}, 60_000);
afterAll(async () => {
  await service?.close();
  built?.remove();
});
const children: ChildListener[] = [];
afterEach(async () => {
  await Promise.all(children.splice(0).map((c) => c.stop()));
});

/** Waits until the table holds rows matching `pred` (the sampler runs every 250 ms). */
async function rowsWhere(pred: (s: Socket) => boolean, count = 1): Promise<Socket[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const rows = (await service.subscribe({})).snapshot.sockets.filter(pred);
    if (rows.length >= count || Date.now() > deadline) return rows;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!isLinux)('actions through the port service', { timeout: 90_000 }, () => {
  it('previews a port, ends its holder with the nonce once, refuses a replay, and logs both', async () => {
    const c = await spawnListener();
    children.push(c);
    await rowsWhere((s) => s.localPort === c.port && s.owner?.pid === c.pid);
    const preview = await service.previewAction({ kind: 'free-port', port: c.port, proto: 'tcp' });
    expect(preview.actionable).toBe(true);
    expect(preview.processes).toHaveLength(1);
    const [p] = preview.processes;
    expect(p).toMatchObject({ pid: c.pid, startTime: c.startTime, refusal: null, user: 'root' });
    expect(p!.cmdline[0]).toBe(process.execPath);
    expect(p!.sockets.some((s) => s.state === 'LISTEN' && s.localPort === c.port)).toBe(true);
    expect(preview.portsFreed).toContainEqual({ proto: 'tcp', port: c.port });
    expect(preview.summary).toContain(`pid ${c.pid}`);

    const forged = await service.endProcess({
      pid: c.pid,
      startTime: c.startTime,
      signal: 'term',
      nonce: 'A'.repeat(24),
    });
    expect(forged.outcome).toBe('refused');
    expect(c.alive()).toBe(true);
    const ended = await service.endProcess({
      pid: c.pid,
      startTime: c.startTime,
      signal: 'term',
      nonce: preview.nonce,
    });
    expect(ended.outcome).toBe('gone');
    expect(await canListen(c.port)).toBe(true);
    const replay = await service.endProcess({
      pid: c.pid,
      startTime: c.startTime,
      signal: 'term',
      nonce: preview.nonce,
    });
    expect(replay).toMatchObject({ outcome: 'refused' });
    expect(replay.message).toMatch(/already used/);

    const log = (await service.getStatus({})).actions ?? [];
    expect(log.slice(-3).map((e) => e.outcome)).toEqual(['refused', 'gone', 'refused']);
    const exported = parseSnapshotExport((await service.exportSnapshot({ format: 'json' })).content);
    expect(exported.actions?.at(-2)).toMatchObject({ action: 'end-process', outcome: 'gone' });
  });

  it('checkPort names the listener that blocks both addresses, then calls the port free', async () => {
    const c = await spawnListener();
    children.push(c);
    await rowsWhere((s) => s.localPort === c.port && s.owner?.pid === c.pid);
    const held = await service.checkPort({ port: c.port, proto: 'tcp' });
    expect(held.answers.map((a) => [a.address, a.probe])).toEqual([
      ['0.0.0.0', 'in-use'],
      ['127.0.0.1', 'in-use'],
    ]);
    for (const a of held.answers) expect(a.text).toContain(`listener node (pid ${c.pid}) on 127.0.0.1:${c.port}`);
    await c.stop();
    const free = await service.checkPort({ port: c.port, proto: 'tcp' });
    expect(free.answers.map((a) => a.probe)).toEqual(['free', 'free']);
    expect(free.answers[0]!.text).toMatch(new RegExp(`^free to bind on 0\\.0\\.0\\.0:${c.port}/tcp`));
  });

  it('checkPort: a TIME_WAIT remnant on the port is named but does not block a SO_REUSEADDR server', async () => {
    const server = createServer((s) => {
      s.on('error', () => undefined);
      s.end(); // the server closes first, so its end (local port = the port) waits in TIME_WAIT
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as AddressInfo).port;
    const client: NetSocket = createConnection(port, '127.0.0.1');
    client.on('end', () => client.end());
    await once(client, 'close');
    await new Promise<void>((r) => server.close(() => r()));
    await rowsWhere((s) => s.localPort === port && s.state === 'TIME_WAIT');
    const check = await service.checkPort({ port, proto: 'tcp' });
    expect(check.timeWait).toBeGreaterThanOrEqual(1);
    expect(check.answers[1]).toMatchObject({ address: '127.0.0.1', probe: 'free' });
    expect(check.answers[1]!.blockers[0]).toMatchObject({ kind: 'time-wait' });
    expect(check.answers[1]!.text).toMatch(
      /free to bind.*TIME_WAIT remnant would refuse a server without SO_REUSEADDR/,
    );
  });
});

describe.skipIf(!isLinux || !isRoot)('closeConnection (root, ss -K)', { timeout: 90_000 }, () => {
  it('resets one of two connections between two child processes; the other stays ESTABLISHED', async () => {
    const server = await spawnListener();
    const client = await spawnListener({ connections: 2, connectTo: server.port });
    children.push(server, client);
    const [a, b] = client.locals as [number, number];
    const rows = await rowsWhere(
      (s) => s.owner?.pid === client.pid && s.remotePort === server.port && s.state === 'ESTABLISHED',
      2,
    );
    const target = rows.find((s) => s.localPort === a)!;
    expect(target).toBeDefined();
    const preview = await service.previewAction({ kind: 'close-connection', id: target.id });
    expect(preview).toMatchObject({ kind: 'close-connection', actionable: true, connection: { id: target.id } });
    expect(preview.processes[0]?.pid).toBe(client.pid);
    const result = await service.closeConnection({ id: target.id, nonce: preview.nonce });
    expect(result.outcome, result.message).toBe('closed');
    const ss = spawnSync('ss', ['-tn', 'state', 'established', `dport = :${server.port}`], { encoding: 'utf8' }).stdout;
    expect(ss).toContain(`127.0.0.1:${b}`);
    expect(ss).not.toContain(`127.0.0.1:${a} `);
    expect(server.alive() && client.alive()).toBe(true);
  });

  it('refuses a listener and a row that is gone, in words', async () => {
    const c = await spawnListener();
    children.push(c);
    const [listener] = await rowsWhere((s) => s.localPort === c.port && s.state === 'LISTEN');
    const refused = await service.closeConnection({ id: listener!.id });
    expect(refused).toMatchObject({ outcome: 'refused' });
    expect(refused.message).toMatch(/listener has no connection/);
    const gone = await service.closeConnection({ id: 'tcp|127.0.0.1|1|127.0.0.1|2|0' });
    expect(gone.outcome).toBe('no-such-connection');
  });
});
