/**
 * A test entry run inside a network namespace whose ephemeral range the test narrowed: it starts
 * the port service on this namespace's /proc, then opens connections to one destination, waiting
 * for a sample after every few, until connect() fails. It prints one JSON line: each notification
 * with how many connections were open when it arrived, and the failure.
 */
import { once } from 'node:events';
import { connect, createServer, type Socket } from 'node:net';
import type { Notification } from '../../../shared/contract';
import { createLinuxSource } from '../sampler/linux-source';
import { createPortService } from '../service/port-service';

const PORT = 7000;
const STEP = 5;

const server = createServer((s) => s.on('error', () => undefined));
server.listen(PORT, '127.0.0.1');
await once(server, 'listening');
const service = createPortService({ intervalMs: 250, inProcessSource: createLinuxSource() });
const open: Socket[] = [];
const notes: { kind: Notification['kind']; level: Notification['level']; title: string; body: string; openAt: number; beforeFailure: boolean }[] = [];
let failure: { at: number; code: string } | null = null;
service.on('notification', (n) =>
  notes.push({ kind: n.kind, level: n.level, title: n.title, body: n.body, openAt: open.length, beforeFailure: failure === null }),
);
let lastDelta = 0;
service.on('delta', (d) => (lastDelta = d.time));
const { snapshot } = await service.subscribe({});

/** Resolves once a sample taken after `since` has been published. */
async function sampleAfter(since: number): Promise<void> {
  while (lastDelta <= since) await new Promise((r) => setTimeout(r, 10));
}

while (failure === null && open.length < 10_000) {
  const sock = connect(PORT, '127.0.0.1');
  try {
    await Promise.race([once(sock, 'connect'), once(sock, 'error').then(([e]) => Promise.reject(e as Error))]);
    open.push(sock);
  } catch (error) {
    failure = { at: open.length, code: (error as NodeJS.ErrnoException).code ?? String(error) };
    break;
  }
  if (open.length % STEP === 0) await sampleAfter(Date.now());
}
const churn = await service.getChurn({});
process.stdout.write(
  `${JSON.stringify({ range: snapshot.ephemeralRange, notes, failure, exhaustion: churn.exhaustion ?? null })}\n`,
);
for (const s of open) s.destroy();
await service.close();
server.close();
