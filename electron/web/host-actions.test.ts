/**
 * The web host's actions against a real service and real child processes: off by default
 * ("actions are off", the child lives); with allowActions, an action needs a fresh preview nonce
 * (none, a forged one or a replay is refused), a WebSocket without the page's Origin gets no
 * actions, and a foreign Origin is refused at the upgrade, before any call.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tryWebSocket } from '../../e2e/helpers/probe';
import { openCaller } from '../../e2e/helpers/ws-caller';
import type { ActionPreview, ActionResult } from '../../shared/action-model';
import type { ChildListener } from '../core/actions/child-kit';
import { spawnListener } from '../core/actions/child-kit';
import { createLinuxSource } from '../core/sampler/linux-source';
import { createPortService } from '../core/service/port-service';
import type { PortService } from '../core/service/port-service';
import { startWebHost } from './host';
import type { WebHost } from './host';

const isLinux = process.platform === 'linux';
let base = '';
let service: PortService;
let off: WebHost;
let on: WebHost;
const children: ChildListener[] = [];

beforeAll(async () => {
  if (!isLinux) return;
  base = await mkdtemp(path.join(tmpdir(), 'ephemera-host-actions-'));
  await mkdir(base, { recursive: true });
  await writeFile(path.join(base, 'index.html'), '<!doctype html>');
  // Paused: these actions need no table, and a sampler on the test's own thread slows a busy machine.
  service = createPortService({ inProcessSource: createLinuxSource(), paused: true });
  off = await startWebHost({ service, staticDir: base });
  on = await startWebHost({ service, staticDir: base, allowActions: true });
});
afterAll(async () => {
  await off?.close();
  await on?.close();
  await service?.close();
  if (base) await rm(base, { recursive: true, force: true });
});
afterEach(async () => {
  await Promise.all(children.splice(0).map((c) => c.stop()));
});

const page = (host: WebHost) => ({ Origin: `http://127.0.0.1:${host.port}`, Host: `127.0.0.1:${host.port}` });

async function child(): Promise<ChildListener> {
  const c = await spawnListener();
  children.push(c);
  return c;
}

describe.skipIf(!isLinux)('web host actions', () => {
  it('without allowActions, previewAction, endProcess and closeConnection answer "actions are off"', async () => {
    const c = await child();
    const caller = await openCaller(off.port, off.token, page(off));
    try {
      const answers = await Promise.all([
        caller.call('previewAction', { kind: 'end-process', processes: [{ pid: c.pid, startTime: c.startTime }] }),
        caller.call('endProcess', { pid: c.pid, startTime: c.startTime, signal: 'kill', nonce: 'A'.repeat(24) }),
        caller.call('closeConnection', { id: 'tcp|127.0.0.1|1|127.0.0.1|2|3' }),
      ]);
      for (const a of answers)
        expect(a).toMatchObject({
          ok: false,
          error: expect.stringMatching(/actions are off: start the web host with --allow-actions/),
        });
      const check = await caller.call('checkPort', { port: c.port, proto: 'tcp' });
      expect(check.ok).toBe(true);
      expect(c.alive()).toBe(true);
    } finally {
      caller.close();
    }
  });

  it('with allowActions, no nonce, a forged one and a replay are refused; the fresh one acts once', async () => {
    const c = await child();
    const caller = await openCaller(on.port, on.token, page(on));
    try {
      const target = { pid: c.pid, startTime: c.startTime, signal: 'term' as const };
      const bare = await caller.call('endProcess', target);
      expect(bare).toMatchObject({
        ok: false,
        error: expect.stringMatching(/needs the one-time confirmation from previewAction/),
      });
      const forged = await caller.call('endProcess', { ...target, nonce: 'B'.repeat(24) });
      expect(forged.ok && (forged.response as ActionResult).outcome).toBe('refused');
      expect(c.alive()).toBe(true);
      const preview = await caller.call('previewAction', {
        kind: 'end-process',
        processes: [{ pid: c.pid, startTime: c.startTime }],
      });
      expect(preview.ok).toBe(true);
      const { nonce, processes } = preview.ok ? (preview.response as ActionPreview) : { nonce: '', processes: [] };
      expect(processes[0]?.cmdline[0]).toBe(process.execPath);
      const done = await caller.call('endProcess', { ...target, nonce });
      expect(done.ok && (done.response as ActionResult).outcome).toBe('gone');
      const replay = await caller.call('endProcess', { ...target, nonce });
      expect(replay.ok && (replay.response as ActionResult).message).toMatch(/already used/);
    } finally {
      caller.close();
    }
  });

  it("a WebSocket without the page's Origin gets no actions, even with the token", async () => {
    const c = await child();
    const script = await openCaller(on.port, on.token);
    try {
      const preview = await script.call('previewAction', {
        kind: 'end-process',
        processes: [{ pid: c.pid, startTime: c.startTime }],
      });
      expect(preview).toMatchObject({
        ok: false,
        error: expect.stringMatching(/did not come from Ephemera's own page/),
      });
      const act = await script.call('endProcess', {
        pid: c.pid,
        startTime: c.startTime,
        signal: 'kill',
        nonce: 'C'.repeat(24),
      });
      expect(act.ok).toBe(false);
      expect(c.alive()).toBe(true);
    } finally {
      script.close();
    }
  });

  it('a foreign Origin is refused at the upgrade, before any action can be sent', async () => {
    const c = await child();
    const attempt = await tryWebSocket(on.port, {
      Authorization: `Bearer ${on.token}`,
      Host: `127.0.0.1:${on.port}`,
      Origin: 'http://evil.example',
    });
    expect(attempt).toMatchObject({ refused: 403 });
    expect(c.alive()).toBe(true);
  });
});
