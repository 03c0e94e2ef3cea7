import { describe, expect, it } from 'vitest';
import { threadCpuMs } from './thread-cpu';

describe('threadCpuMs', () => {
  it.runIf(process.platform === 'linux')('counts the CPU this thread burns', () => {
    const before = threadCpuMs(100)!;
    expect(before).toBeGreaterThanOrEqual(0);
    const until = performance.now() + 300;
    let x = 0;
    while (performance.now() < until) x += Math.sqrt(x + 1);
    const after = threadCpuMs(100)!;
    expect(x).toBeGreaterThan(0);
    // 300 ms of spinning: at least some of it on the CPU even on a loaded machine, never more than the wall time.
    expect(after - before).toBeGreaterThan(10);
    expect(after - before).toBeLessThanOrEqual(400);
  });
});
