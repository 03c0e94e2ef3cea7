/**
 * The two sysconf values /proc arithmetic needs: clock ticks per second (the unit of the timer
 * column of /proc/net/tcp and of the times in /proc/<pid>/stat) and the page size (the unit of
 * /proc/<pid>/statm). Node has no sysconf binding, so `getconf` is asked once per process.
 */
import { execFileSync } from 'node:child_process';

const cache = new Map<string, number>();

function getconf(name: string, fallback: number): number {
  const known = cache.get(name);
  if (known !== undefined) return known;
  let value = fallback;
  try {
    const parsed = Number(execFileSync('getconf', [name], { encoding: 'utf8', timeout: 2000 }).trim());
    if (Number.isInteger(parsed) && parsed > 0) value = parsed;
  } catch {
    // no getconf: the Linux defaults below are right on every mainstream architecture
  }
  cache.set(name, value);
  return value;
}

/** USER_HZ (`getconf CLK_TCK`), 100 when it cannot be asked. */
export function clockTicksPerSecond(): number {
  return getconf('CLK_TCK', 100);
}

/** `getconf PAGESIZE`, 4096 when it cannot be asked. */
export function pageSize(): number {
  return getconf('PAGESIZE', 4096);
}
