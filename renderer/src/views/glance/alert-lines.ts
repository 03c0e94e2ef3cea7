/**
 * The glance's warnings in words: destinations whose ephemeral ports are 70 % or 90 % taken (the
 * tuple, how full, how many in TIME_WAIT, when it would be full) and the socket flags (listeners
 * inside the ephemeral range, CLOSE_WAIT pile-ups). Pure, so the wording is tested.
 */
import type { Exhaustion, SocketFlags, TupleOccupancy } from '../../../../shared/exhaustion-model';
import { formatCount, formatDuration, formatEndpoint, formatPercent } from '../../../../shared/format';
import type { Owner } from '../../../../shared/model';

/** One destination at warning level or above. */
export interface ExhaustionLine {
  key: string;
  level: 'warning' | 'critical';
  /** "tcp 10.0.0.5 → 93.184.216.34:443". */
  tuple: string;
  percent: string;
  /** "21,000 of 28,232 ports · 3,100 TIME_WAIT". */
  detail: string;
  /** "full in ~4 m 05 s" or "not rising". */
  forecast: string;
}

/** "tcp 10.0.0.5 → 93.184.216.34:443"; UDP takes ports per local address, whatever the peer. */
export function tupleLabel(t: Pick<TupleOccupancy, 'proto' | 'localAddress' | 'remoteAddress' | 'remotePort'>): string {
  if (t.remoteAddress === '*') return `${t.proto} ${t.localAddress} → any peer`;
  return `${t.proto} ${t.localAddress} → ${formatEndpoint(t.remoteAddress, t.remotePort)}`;
}

/** When the tuple would be full at the current rate. */
export function forecastText(sec: number | null): string {
  if (sec === null) return 'not rising';
  return sec < 1 ? 'full within a second' : `full in ~${formatDuration(sec * 1000)}`;
}

/** Destinations at 70 % or more, fullest first, at most `limit`, and how many more there are. */
export function exhaustionLines(ex: Exhaustion | undefined, limit = 3): { lines: ExhaustionLine[]; more: number } {
  const hot = (ex?.tuples ?? []).filter((t) => t.level !== 'ok').sort((a, b) => b.fraction - a.fraction);
  const lines = hot.slice(0, limit).map((t) => ({
    key: `${t.proto}|${t.localAddress}|${t.remoteAddress}|${t.remotePort}`,
    level: t.level as ExhaustionLine['level'],
    tuple: tupleLabel(t),
    percent: formatPercent(t.fraction),
    detail: `${formatCount(t.used)} of ${formatCount(t.capacity)} ports · ${formatCount(t.timeWait)} TIME_WAIT`,
    forecast: forecastText(t.forecastSec),
  }));
  return { lines, more: Math.max(0, hot.length - limit) };
}

/** A flag in one line, with a tooltip that says why it matters. */
export interface FlagLine {
  key: string;
  text: string;
  tip: string;
}

function who(owner: Owner | null): string {
  return owner === null ? 'owner unknown' : `${owner.name} (pid ${owner.pid})`;
}

function listing(items: string[], shown = 2): string {
  const head = items.slice(0, shown).join(', ');
  return items.length > shown ? `${head} +${items.length - shown} more` : head;
}

/** The socket flags, one line per kind, empty when nothing is flagged. */
export function flagLines(flags: SocketFlags | undefined): FlagLine[] {
  const out: FlagLine[] = [];
  const listeners = flags?.listenersInEphemeral ?? [];
  if (listeners.length > 0) {
    const where = listeners.map((l) => `${formatEndpoint(l.address, l.port)} ${l.owner?.name ?? '?'}`);
    out.push({
      key: 'listeners',
      text: `${listeners.length === 1 ? 'Listener' : `${listeners.length} listeners`} inside the ephemeral range: ${listing(where)}`,
      tip: 'Outbound connections may take these ports while the server is down, and each leaves one port fewer for every destination.',
    });
  }
  const piles = flags?.closeWait ?? [];
  if (piles.length > 0) {
    const each = piles.map((p) => `${who(p.owner)} holds ${formatCount(p.count)}`);
    out.push({
      key: 'close-wait',
      text: `CLOSE_WAIT pile-up: ${listing(each)}`,
      tip: `Connections the peer closed and the process never did (flagged from ${flags?.closeWaitThreshold ?? 0} per process): likely a socket leak.`,
    });
  }
  return out;
}
