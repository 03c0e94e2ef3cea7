/**
 * The destroy-event reader a sampler entry offers: `ss -E` on Linux, nothing elsewhere (macOS and
 * Windows have no unprivileged socket-destroy feed). If the thread ends without stopping it, ss
 * is told to stop as the thread exits instead of lingering until its next write fails.
 */
import type { DestroyEventReader } from './ss-event-reader';
import { createSsEventReader } from './ss-event-reader';

const live = new Set<DestroyEventReader>();
let hooked = false;

/** A reader for `platform`, or null where destroy events are not available. */
export function linuxEventReader(platform: string, onState: (state: string) => void): DestroyEventReader | null {
  if (platform !== 'linux') return null;
  const inner = createSsEventReader({ onState });
  const reader: DestroyEventReader = {
    ...inner,
    start: () => (live.add(reader), inner.start()),
    stop: (why) => (live.delete(reader), inner.stop(why)),
  };
  if (!hooked) {
    hooked = true;
    process.once('exit', () => {
      for (const r of live) void r.stop();
    });
  }
  return reader;
}
