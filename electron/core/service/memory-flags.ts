/**
 * V8's memory-saving mode for the service's process. A tray app runs all day, and by default V8
 * sizes its heaps for throughput: under 1,000 conn/s the sampler thread's heap stood at ~115 MB
 * total for ~55 MB live, the main thread's at ~57 MB for ~20 MB live, and the process at 270 MB
 * RSS. `--optimize-for-size` grows the heaps in smaller steps and keeps the young generation small
 * (measured with `npm run bench:memory`: see bench/README.md). V8 flags are process-wide; set
 * before the sampler thread starts, they shape its heap from birth, and the main heap from the
 * next collection on.
 */
import { setFlagsFromString } from 'node:v8';

/** The flags, also handed to Electron's renderers (`--js-flags`). */
export const SMALL_HEAP_FLAGS = '--optimize-for-size';

let applied = false;

/** Turns the memory-saving mode on for this process, once; true when this call did it. */
export function preferSmallHeap(): boolean {
  if (applied) return false;
  applied = true;
  setFlagsFromString(SMALL_HEAP_FLAGS);
  return true;
}
