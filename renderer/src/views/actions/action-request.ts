/**
 * Which action a row or a selection asks for: ending the distinct processes that hold the rows
 * (pid + start time, at most 32), or closing one TCP connection. Pure, so the buttons, the
 * Delete key and their tests agree on what is offered.
 */
import type { ActionLogEntry, PreviewRequest, ProcessTarget } from '../../../../shared/action-model';
import { PREVIEW_PROCESS_LIMIT } from '../../../../shared/action-model';
import { formatClock } from '../../../../shared/format';
import type { Socket } from '../../../../shared/model';
import { ownersOf } from '../../../../shared/owners';

/** States a "Close connection…" is offered for: a live TCP connection. */
const CONNECTED = new Set(['ESTABLISHED']);

/** The end-process request for the holders of these sockets, or null when none is known. */
export function endRequestFor(sockets: readonly Socket[]): PreviewRequest | null {
  const seen = new Map<string, ProcessTarget>();
  for (const s of sockets) {
    for (const o of ownersOf(s)) {
      if (o.inferred === true) continue;
      seen.set(`${o.pid}:${o.startTime}`, { pid: o.pid, startTime: o.startTime });
    }
  }
  const processes = [...seen.values()].slice(0, PREVIEW_PROCESS_LIMIT);
  return processes.length === 0 ? null : { kind: 'end-process', processes };
}

/** True for an ESTABLISHED TCP row: the one kind "Close connection…" is offered for. */
export function canClose(s: Socket): boolean {
  return s.proto === 'tcp' && CONNECTED.has(s.state) && s.remotePort !== 0;
}

/** The close-connection request for a row, or null when the row is no live TCP connection. */
export function closeRequestFor(s: Socket): PreviewRequest | null {
  return canClose(s) ? { kind: 'close-connection', id: s.id } : null;
}

/** The status line's last action: "12:04:05 end-process node (pid 4121): gone". */
export function lastActionText(entry: ActionLogEntry): string {
  return `${formatClock(entry.time)} ${entry.action === 'end-process' ? 'ended' : 'closed'} ${entry.target}: ${entry.outcome.replace(/-/g, ' ')}`;
}
