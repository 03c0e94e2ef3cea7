import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, tryWebSocket } from '../../e2e/helpers/probe';
import { openCaller } from '../../e2e/helpers/ws-caller';
import type { WsCaller } from '../../e2e/helpers/ws-caller';
import { SubscriptionSchema } from '../../shared/contract';
import { DeltaSchema } from '../../shared/model';
import type { ServerMessage } from '../../shared/web-protocol';
import { createLinuxSource } from '../core/sampler/linux-source';
import { createPortService } from '../core/service/port-service';
import type { PortService } from '../core/service/port-service';
import { startWebHost } from './host';
import type { WebHost } from './host';

let base = '';
let service: PortService;
let host: WebHost;

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'ephemera-host-'));
  const staticDir = path.join(base, 'renderer');
  await mkdir(path.join(staticDir, 'assets'), { recursive: true });
  await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><div id="root"></div>');
  await writeFile(path.join(staticDir, 'assets', 'app.js'), 'export {};');
  await writeFile(path.join(base, 'secret.txt'), 'TOP-SECRET');
  service = createPortService({ inProcessSource: createLinuxSource(), intervalMs: 250 });
  host = await startWebHost({ service, staticDir });
});

afterAll(async () => {
  await host.close();
  await service.close();
  await rm(base, { recursive: true, force: true });
});

const isEvent = (name: string) => (m: ServerMessage) => m.t === 'event' && m.event === name;

describe('HTTP', () => {
  it('trades the printed token for a cookie, then serves the page with strict headers', async () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    const first = await request(host.port, `/?token=${host.token}`, { Host: `127.0.0.1:${host.port}` });
    expect(first.status).toBe(303);
    const cookie = (first.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '';
    const page = await request(host.port, '/', { Host: `127.0.0.1:${host.port}`, Cookie: cookie });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain(`connect-src 'self' ws://127.0.0.1:${host.port}`);
    const js = await request(host.port, '/assets/app.js', { Host: `localhost:${host.port}`, Cookie: cookie });
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['x-content-type-options']).toBe('nosniff');
  });

  it('refuses requests without the token, with a wrong Host or a foreign Origin: 403 and no data', async () => {
    const place = { Host: `127.0.0.1:${host.port}` };
    const bearer = { Authorization: `Bearer ${host.token}` };
    const refused = [
      place,
      { ...place, Authorization: 'Bearer nope' },
      { ...bearer, Host: `attacker.test:${host.port}` },
      { ...bearer, Host: `127.0.0.1:${host.port}`, Origin: 'http://attacker.test' },
      { ...bearer, Host: `127.0.0.1:${host.port}`, 'Sec-Fetch-Site': 'same-site' },
    ];
    for (const headers of refused) {
      for (const p of ['/', '/assets/app.js', '/ws']) {
        const reply = await request(host.port, p, headers);
        expect(reply.status, `${p} ${JSON.stringify(headers)}`).toBe(403);
        expect(reply.body).toBe('Forbidden\n');
      }
    }
  });

  it('refuses path traversal without reading outside the folder', async () => {
    const auth = { Host: `127.0.0.1:${host.port}`, Authorization: `Bearer ${host.token}` };
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/..%2fsecret.txt', '/assets/./app.js']) {
      const reply = await request(host.port, p, auth);
      expect(reply.status, p).toBe(400);
      expect(reply.body).not.toContain('TOP-SECRET');
    }
    expect((await request(host.port, '/nope.js', auth)).status).toBe(404);
  });
});

describe('WebSocket', () => {
  it('refuses an upgrade without the token or from a foreign Origin or Host', async () => {
    const bearer = { Authorization: `Bearer ${host.token}` };
    for (const headers of [{}, { ...bearer, Origin: 'http://attacker.test' }, { ...bearer, Host: `attacker.test:${host.port}` }] as Record<string, string>[]) {
      expect(await tryWebSocket(host.port, headers)).toEqual({ refused: 403, body: '' });
    }
    expect(await tryWebSocket(host.port, bearer, 700)).toEqual({ opened: true, messages: [] });
  });

  it('answers malformed messages with error results and keeps serving', async () => {
    const caller = await openCaller(host.port, host.token);
    try {
      caller.sendRaw('not json');
      expect(await caller.next((m) => m.t === 'result')).toMatchObject({ id: null, ok: false, error: 'message is not valid JSON' });
      caller.sendRaw(JSON.stringify({ t: 'call', id: 7, method: 'getStatus' }));
      expect(await caller.next((m) => m.t === 'result')).toMatchObject({ id: 7, ok: false });
      caller.socket.send(Buffer.from([1, 2, 3]), { binary: true });
      expect(await caller.next((m) => m.t === 'result')).toMatchObject({ id: null, ok: false });
      for (const method of ['nope', 'toString', '__proto__', 'constructor']) {
        const answer = await caller.call(method, {});
        expect(answer, method).toMatchObject({ ok: false, error: `unknown method ${JSON.stringify(method)}` });
      }
      const bad = await caller.call('getProcess', { pid: -1 });
      expect(bad.ok).toBe(false);
      expect(bad.ok ? '' : bad.error).toContain('invalid request for getProcess');
      const status = await caller.call('getStatus', {});
      expect(status).toMatchObject({ ok: true, response: { intervalMs: 250 } });
    } finally {
      caller.close();
    }
  });

  it('closes a socket that sends an oversized frame, and the host lives on', async () => {
    const caller = await openCaller(host.port, host.token);
    const closed = new Promise<number>((resolve) => caller.socket.once('close', (code) => resolve(code)));
    caller.sendRaw(JSON.stringify({ t: 'call', id: 1, method: 'getStatus', request: { pad: 'x'.repeat(100_000) } }));
    expect(await closed).toBe(1009);
    const again = await openCaller(host.port, host.token);
    expect((await again.call('getStatus', {})).ok).toBe(true);
    again.close();
  });

  it('takes one large parseCapture call (a 3 MB capture) past the 64 kB call cap, and answers it', async () => {
    const row = 'tcp        0      0 127.0.0.1:8080          0.0.0.0:*               LISTEN      42/node\n';
    const text = row.repeat(Math.ceil((3 * 1024 * 1024) / row.length));
    const caller = await openCaller(host.port, host.token);
    try {
      const answer = await caller.call('parseCapture', { base64: Buffer.from(text).toString('base64'), name: 'big.txt' });
      expect(answer.ok, answer.ok ? '' : answer.error).toBe(true);
      expect(answer.ok && (answer.response as { source: { rowsKept: number } }).source.rowsKept).toBe(text.length / row.length);
    } finally {
      caller.close();
    }
  });

  it('sends events only after subscribe: a snapshot, then deltas that chain from it', async () => {
    const caller = await openCaller(host.port, host.token);
    try {
      await new Promise((r) => setTimeout(r, 700));
      expect(caller.received.filter((m) => m.t === 'event')).toEqual([]);
      const answer = await caller.call('subscribe', {});
      if (!answer.ok) throw new Error(answer.error);
      const { snapshot } = SubscriptionSchema.parse(answer.response);
      const first = DeltaSchema.parse(((await caller.next(isEvent('delta'))) as { payload: unknown }).payload);
      expect(first.baseSeq).toBe(snapshot.seq);
      const second = DeltaSchema.parse(((await caller.next(isEvent('delta'))) as { payload: unknown }).payload);
      expect(second.baseSeq).toBe(first.seq);
    } finally {
      caller.close();
    }
  });

  it('carries a real listener of this process in a delta', async () => {
    const caller = await openCaller(host.port, host.token);
    const server = net.createServer();
    try {
      await caller.call('subscribe', {});
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const port = (server.address() as AddressInfo).port;
      // The row may first come without an owner (resolved on a later tick, then sent as changed).
      const mine = (m: ServerMessage) => {
        if (m.t !== 'event' || m.event !== 'delta') return undefined;
        const delta = DeltaSchema.parse(m.payload);
        return [...delta.added, ...delta.changed].find((s) => s.localPort === port && s.state === 'LISTEN' && s.owner);
      };
      const seen = await caller.next((m) => mine(m) !== undefined);
      expect(mine(seen)?.owner?.pid).toBe(process.pid);
    } finally {
      server.close();
      caller.close();
    }
  });
});

describe('backpressure', () => {
  it('drops deltas for a client that stops reading, then tells it to resubscribe', async () => {
    // 400 held loopback connections make an 800-row snapshot, so a few unread answers fill the kernel buffers.
    const server = net.createServer((s) => s.on('error', () => {}));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const held = await Promise.all(
      Array.from({ length: 400 }, () => new Promise<net.Socket>((resolve) => {
        const s = net.connect(port, '127.0.0.1', () => resolve(s));
      })),
    );
    const slowHost = await startWebHost({ service, staticDir: base, maxBufferedBytes: 32 * 1024 });
    const caller: WsCaller = await openCaller(slowHost.port, slowHost.token);
    try {
      let snapshotBytes = 0;
      const rows = async (): Promise<number> => {
        const answer = await caller.call('subscribe', {});
        snapshotBytes = JSON.stringify(answer).length;
        return answer.ok ? SubscriptionSchema.parse(answer.response).snapshot.sockets.length : 0;
      };
      await expect.poll(rows, { timeout: 5000 }).toBeGreaterThanOrEqual(800);
      caller.socket.pause();
      // About 8 MiB of unread answers: past the kernel's socket buffers, well under the 64 MiB cut-off.
      const calls = Math.min(32, Math.max(2, Math.ceil((8 * 1024 * 1024) / snapshotBytes)));
      for (let i = 0; i < calls; i += 1) caller.sendRaw(JSON.stringify({ t: 'call', id: 1000 + i, method: 'subscribe', request: {} }));
      const stats = slowHost.sessions[0];
      await expect.poll(() => stats?.droppedDeltas ?? 0, { timeout: 10_000 }).toBeGreaterThan(0);
      caller.socket.resume();
      expect(await caller.next((m) => m.t === 'resync', 10_000)).toMatchObject({ t: 'resync' });
      expect(stats?.cutOff).toBe(false);
      const fresh = await caller.call('subscribe', {});
      const seq = SubscriptionSchema.parse(fresh.ok ? fresh.response : null).snapshot.seq;
      const next = DeltaSchema.parse(((await caller.next(isEvent('delta'))) as { payload: unknown }).payload);
      expect(next.baseSeq).toBe(seq);
    } finally {
      caller.close();
      await slowHost.close();
      for (const s of held) s.destroy();
      server.close();
    }
  });
});
