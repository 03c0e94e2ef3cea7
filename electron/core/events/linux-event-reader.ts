/**
 * The event sources a sampler entry offers: the `ss -E` destroy-event reader on Linux (nothing
 * elsewhere: macOS and Windows have no unprivileged socket-destroy feed), and the connect
 * tracepoint. If the thread ends without stopping them, their processes are told to stop as the
 * thread exits instead of lingering until their next write fails.
 */
import type { ConnectTracer } from './connect-tracer';
import { createConnectTracer } from './connect-tracer';
import type { DestroyEventReader } from './ss-event-reader';
import { createSsEventReader } from './ss-event-reader';

const live = new Set<{ stop(): Promise<void> }>();
let hooked = false;

/** The same source, remembered while started so process exit can stop it. */
function tracked<T extends { start(): void; stop(why?: string): Promise<void> }>(inner: T): T {
  const source: T = {
    ...inner,
    start: () => (live.add(source), inner.start()),
    stop: (why?: string) => (live.delete(source), inner.stop(why)),
  };
  if (!hooked) {
    hooked = true;
    process.once('exit', () => {
      for (const r of live) void r.stop();
    });
  }
  return source;
}

/** A reader for `platform`, or null where destroy events are not available. */
export function linuxEventReader(platform: string, onState: (state: string) => void): DestroyEventReader | null {
  if (platform !== 'linux') return null;
  return tracked(createSsEventReader({ onState }));
}

/** The connect tracepoint for `platform` (its state says why it cannot run). */
export function linuxConnectTracer(platform: string, onState: (state: string) => void): ConnectTracer {
  return tracked(createConnectTracer(platform, { onState }));
}
