/**
 * The words of every exhaustion and flag warning, written once: the service sends them as
 * notifications when they appear, the export lists the ones in force, and both say the same thing
 * about the same tuple.
 */
import type { EphemeralListener, Exhaustion, SocketFlags, TupleOccupancy } from '../../../shared/exhaustion-model';
import type { Owner, PortRange } from '../../../shared/model';
import { endpoint } from '../churn/port-history';

/** A warning in force. */
export interface Warning {
  kind: 'exhaustion' | 'listener-in-ephemeral' | 'close-wait-pileup';
  level: 'warning' | 'critical';
  /** What the warning is about, stable while it lasts (a tuple, a listener, a process). */
  subject: string;
  title: string;
  body: string;
}

/** "tcp 127.0.0.1 → 127.0.0.1:7000", or "udp 0.0.0.0 (any peer)". */
export function tupleText(t: Pick<TupleOccupancy, 'proto' | 'localAddress' | 'remoteAddress' | 'remotePort'>): string {
  if (t.remoteAddress === '*') return `${t.proto} ${t.localAddress} (any peer)`;
  return `${t.proto} ${t.localAddress} → ${endpoint(t.remoteAddress, t.remotePort)}`;
}

/** "name (pid 123)", or "owner unknown". */
export function ownerText(owner: Owner | null): string {
  if (owner === null) return 'owner unknown';
  return `${owner.name} (pid ${owner.pid}${owner.inferred === true ? ', inferred' : ''})`;
}

function seconds(s: number): string {
  return s < 10 ? `${s.toFixed(1)} s` : s < 120 ? `${Math.round(s)} s` : `${Math.round(s / 60)} min`;
}

/** The warning for one tuple at warning level or above, null below 70%. */
export function exhaustionWarning(t: TupleOccupancy, range: PortRange): Warning | null {
  if (t.level === 'ok') return null;
  const percent = Math.floor(t.fraction * 100);
  const forecast = t.forecastSec === null ? 'not rising now' : `full in about ${seconds(t.forecastSec)} at the current rate`;
  return {
    kind: 'exhaustion',
    level: t.level,
    subject: tupleText(t),
    title: `Ephemeral ports ${percent}% used: ${tupleText(t)}`,
    body:
      `${t.used} of ${t.capacity} ports of ${range.low}-${range.high} in use for ${tupleText(t)}; ` +
      `${t.timeWait} in TIME_WAIT; ${forecast}. New connections there fail with EADDRNOTAVAIL when it is full.`,
  };
}

/** The warning for a listener inside the OS ephemeral range. */
export function listenerWarning(l: EphemeralListener, range: PortRange): Warning {
  const where = endpoint(l.address, l.port);
  return {
    kind: 'listener-in-ephemeral',
    level: 'warning',
    subject: `${l.proto} ${where}`,
    title: `Listener inside the ephemeral range: ${where}`,
    body: `${ownerText(l.owner)} listens on ${where}, inside ${range.low}-${range.high}: outbound connections may take that port while it is down, and it leaves one port fewer for every destination.`,
  };
}

/** Every warning in force in a summary's exhaustion and flags. */
export function currentWarnings(exhaustion: Exhaustion | undefined, flags: SocketFlags | undefined, range: PortRange): Warning[] {
  const out: Warning[] = [];
  for (const t of exhaustion?.tuples ?? []) {
    const w = exhaustionWarning(t, range);
    if (w !== null) out.push(w);
  }
  for (const l of flags?.listenersInEphemeral ?? []) out.push(listenerWarning(l, range));
  for (const p of flags?.closeWait ?? []) {
    out.push({
      kind: 'close-wait-pileup',
      level: 'warning',
      subject: p.owner === null ? 'unknown' : `${p.owner.pid}:${p.owner.startTime}`,
      title: `${p.count} sockets in CLOSE_WAIT: ${ownerText(p.owner)}`,
      body: `${ownerText(p.owner)} holds ${p.count} connections its peers closed and it never did (at least ${flags?.closeWaitThreshold ?? 0} is flagged): likely a socket leak.`,
    });
  }
  return out;
}
