/**
 * The key of a process in every per-process map: pid plus start time, so a pid the OS reuses for
 * another program gets its own history and rankings instead of inheriting the old one's.
 */
import type { Owner } from '../../../shared/model';

/** `pid:startTime`. */
export function ownerKey(owner: Pick<Owner, 'pid' | 'startTime'>): string {
  return `${owner.pid}:${owner.startTime}`;
}
