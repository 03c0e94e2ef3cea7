/**
 * Gives sampled rows the exact owner the connect tracepoint saw: an outbound TCP row whose owner
 * the fd scan could not name (the process closed it before the scan, or the row is a TIME_WAIT
 * remnant with inode 0) or only guessed. Server rows are left alone: the tracepoint only knows
 * who connected.
 */
import type { Socket } from '../../../shared/model';
import type { ConnectTracer } from './connect-tracer';
import { isServerRow } from './owner-inference';

/** Replaces (never changes) rows in place that the tracer can name. */
export function applyTraced(sockets: Socket[], tracer: Pick<ConnectTracer, 'ownerOf'>, time?: number): void {
  for (let i = 0; i < sockets.length; i++) {
    const s = sockets[i];
    if (s === undefined || s.proto !== 'tcp' || s.remotePort === 0) continue;
    if (s.owner !== null && s.owner.inferred !== true) continue;
    if (isServerRow(s)) continue;
    const owner = tracer.ownerOf(s, false, time);
    if (owner !== null) sockets[i] = { ...s, owner };
  }
}
