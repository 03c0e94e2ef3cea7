/**
 * The service with the real `ss -E` reader on this machine: connections that live and die between
 * two samples are counted from their destroy events and attributed (inferred) to the listener's
 * process; a watched port taken over by another process raises an owner-change notification.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect, createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChurnSummary } from '../../../shared/churn-model';
import type { Notification } from '../../../shared/contract';
import { defaultCommand } from '../events/ss-event-reader';
import { createLinuxSource } from '../sampler/linux-source';
import { sleep, waitFor } from '../sampler/worker-test-kit';
import { createPortService, type PortService } from './port-service';

const hasSs = defaultCommand((process.env.PATH ?? '').split(':').concat('/usr/sbin', '/sbin')) !== null;

describe.skipIf(process.platform !== 'linux' || !hasSs)('port service with destroy events', () => {
  let service: PortService;
  let server: Server;
  let port: number;
  let churn: ChurnSummary | null = null;
  let status = '';
  const notes: Notification[] = [];

  beforeAll(async () => {
    server = createServer((s) => s.on('error', () => undefined));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as { port: number }).port;
    service = createPortService({ intervalMs: 1000, inProcessSource: createLinuxSource(), destroyEvents: true });
    service.on('churn', (c) => (churn = c));
    service.on('notification', (n) => notes.push(n));
    service.on('status', (s) => (status = s.events));
    await service.subscribe({});
    await waitFor(() => churn?.events !== undefined, 3000, 'a summary with events');
  });
  afterAll(async () => {
    await service?.close();
    server?.close();
  });

  it("says 'running (ss -E)' and counts connections closed between samples as seen only by events", async () => {
    await waitFor(() => status === 'running (ss -E)', 3000, 'the reader to run');
    const before = churn!.reconciliation;
    const beforeEvents = churn!.events!.unseenTcp;
    for (let i = 0; i < 20; i += 1) {
      const c = connect(port, '127.0.0.1');
      c.on('error', () => undefined);
      await once(c, 'connect');
      c.resetAndDestroy();
    }
    const seen = (): number => churn!.reconciliation.seenBySampling + churn!.reconciliation.seenOnlyByEvents;
    const startSeen = before.seenBySampling + before.seenOnlyByEvents;
    await waitFor(() => seen() - startSeen >= 40, 4000, 'both ends of 20 connections counted');
    expect(churn!.events!.unseenTcp - beforeEvents).toBeGreaterThanOrEqual(30);
    const serverSide = churn!.events!.recent.find((u) => u.localPort === port);
    expect(serverSide).toMatchObject({ proto: 'tcp', owner: { pid: process.pid, inferred: true }, basis: 'listener', partial: false });
    expect(churn!.lifetimes.belowOneTick).toBeGreaterThanOrEqual(30);
  });

  it('notifies when a watched port is taken over by another process', async () => {
    expect(await service.setWatchedPorts({ ports: [port] })).toEqual({ ports: [port] });
    await expect(service.setWatchedPorts({ ports: [70_000] })).rejects.toThrow(/invalid setWatchedPorts request/);
    await sleep(1200);
    server.close();
    await once(server, 'close');
    const child = spawn(process.execPath, ['-e', `require('net').createServer().listen(${port},'127.0.0.1',()=>console.log('up'))`], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      await once(child.stdout!, 'data');
      await waitFor(() => notes.some((n) => n.kind === 'owner-change'), 5000, 'an owner-change notification');
      const note = notes.find((n) => n.kind === 'owner-change')!;
      expect(note.title).toBe(`Port ${port} changed owner`);
      expect(note.body).toMatch(new RegExp(`\\(pid ${process.pid}\\) held port ${port}; now node \\(pid ${child.pid}\\) does`));
      // the new listener sits in the ephemeral range (listen(0) took the port from it)
      expect(notes.some((n) => n.kind === 'listener-in-ephemeral' && n.title.endsWith(`127.0.0.1:${port}`))).toBe(true);
    } finally {
      child.kill();
    }
  });
});
