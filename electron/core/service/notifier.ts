/**
 * Turns what the service publishes into notifications: a new listener (or one inside the ephemeral
 * range), a watched port taken by another process, a destination's ephemeral ports crossing 70% or
 * 90%, a CLOSE_WAIT pile-up. Each fires when the condition appears, not on every tick it lasts, and
 * every kind is rate-limited. Transport-free: the service emits them as 'notification' events,
 * which Electron shows natively and the web UI in the page.
 */
import type { ChurnSummary } from '../../../shared/churn-model';
import type { Notification } from '../../../shared/contract';
import type { Delta, Owner, PortRange, Socket } from '../../../shared/model';
import type { TableView } from './snapshot-mirror';
import { inRange } from '../../../shared/port-class';
import { ownerKey } from '../churn/owner-key';
import { endpoint } from '../churn/port-history';
import { currentWarnings, listenerWarning, ownerText, tupleText, type Warning } from '../exhaustion/warnings';
import { TokenBuckets, type BucketPolicy } from './token-bucket';

/** What createNotifier needs. */
export interface NotifierOptions {
  emit(notification: Notification): void;
  now?: () => number;
  buckets?: BucketPolicy;
}

/** The service's notification logic. */
export interface Notifier {
  /** A published delta and the table after it; a baseline (first tick, resync) only learns, never notifies. */
  delta(delta: Delta, table: TableView, baseline: boolean): void;
  /** A published churn summary (exhaustion levels, CLOSE_WAIT pile-ups). */
  churn(summary: ChurnSummary, range: PortRange): void;
  /** Replaces the watched ports; their current owners become the reference. Returns them sorted. */
  setWatched(ports: readonly number[], table: TableView): number[];
}

/** Below this share a tuple that warned may warn again, so one hovering at 70% does not flap. */
const REARM_FRACTION = 0.65;
const LEVEL_RANK = { ok: 0, warning: 1, critical: 2 } as const;

const serverRank = (s: Socket): number => (s.state === 'LISTEN' ? 0 : s.proto === 'udp' && s.remotePort === 0 ? 1 : 2);

/** Who holds each watched port: its listener first, then an unconnected UDP socket, then any owned row. */
function portOwners(table: TableView, ports: ReadonlySet<number>): Map<number, Owner> {
  const best = new Map<number, Socket>();
  for (const s of table.owned?.() ?? table.sockets) {
    if (s.owner === null || !ports.has(s.localPort)) continue;
    const held = best.get(s.localPort);
    if (held === undefined || serverRank(s) < serverRank(held)) best.set(s.localPort, s);
  }
  return new Map([...best].map(([port, s]) => [port, s.owner as Owner]));
}

/** Creates a notifier sending through options.emit. */
export function createNotifier(options: NotifierOptions): Notifier {
  const now = options.now ?? Date.now;
  const buckets = new TokenBuckets(options.buckets);
  let seq = 0;
  let watched = new Set<number>();
  const lastOwner = new Map<number, Owner>();
  let tupleLevels = new Map<string, 'warning' | 'critical'>();
  let pileups = new Set<string>();

  const send = (kind: Notification['kind'], level: Notification['level'], title: string, body: string): void => {
    const time = now();
    const held = buckets.take(kind, time);
    if (held === null) return;
    const more = held > 0 ? ` (${held} more like this were held back)` : '';
    seq += 1;
    options.emit({ id: `${kind}-${time}-${seq}`, time, kind, level, title, body: body + more });
  };
  const sendWarning = (w: Warning): void => send(w.kind, w.level, w.title, w.body);

  const newListeners = (delta: Delta, range: PortRange): void => {
    // One notification per (port, owner): a server on 127.0.0.1 and ::1 is one new listener.
    const groups = new Map<string, Socket[]>();
    for (const s of delta.added) {
      if (s.proto !== 'tcp' || s.state !== 'LISTEN') continue;
      const key = `${s.localPort}|${s.owner === null ? '' : ownerKey(s.owner)}`;
      groups.set(key, [...(groups.get(key) ?? []), s]);
    }
    for (const [first, ...more] of groups.values()) {
      if (first === undefined) continue;
      const { localAddress: address, localPort: port, owner } = first;
      if (inRange(port, range)) sendWarning(listenerWarning({ proto: 'tcp', address, port, owner }, range));
      else {
        const where = [first, ...more].map((s) => endpoint(s.localAddress, s.localPort)).join(' and ');
        send('new-listener', 'info', `New listener on port ${port}`, `${ownerText(owner)} listens on ${where}`);
      }
    }
  };

  const ownerChanges = (table: TableView, baseline: boolean): void => {
    if (watched.size === 0) return;
    for (const [port, owner] of portOwners(table, watched)) {
      const before = lastOwner.get(port);
      lastOwner.set(port, owner);
      if (baseline || before === undefined || ownerKey(before) === ownerKey(owner)) continue;
      send('owner-change', 'warning', `Port ${port} changed owner`, `${ownerText(before)} held port ${port}; now ${ownerText(owner)} does`);
    }
  };

  return {
    delta(delta, table, baseline) {
      if (!baseline) newListeners(delta, table.ephemeralRange);
      ownerChanges(table, baseline);
    },
    churn(summary, range) {
      const warnings = currentWarnings(summary.exhaustion, summary.flags, range);
      const levels = new Map<string, 'warning' | 'critical'>();
      for (const w of warnings.filter((x) => x.kind === 'exhaustion')) {
        const before = tupleLevels.get(w.subject);
        if (before === undefined || LEVEL_RANK[w.level] > LEVEL_RANK[before]) sendWarning(w);
        levels.set(w.subject, before !== undefined && LEVEL_RANK[before] > LEVEL_RANK[w.level] ? before : w.level);
      }
      for (const t of summary.exhaustion?.tuples ?? []) {
        const held = tupleLevels.get(tupleText(t));
        if (t.level === 'ok' && t.fraction >= REARM_FRACTION && held !== undefined) levels.set(tupleText(t), held);
      }
      tupleLevels = levels;
      const nextPileups = new Set<string>();
      for (const w of warnings.filter((x) => x.kind === 'close-wait-pileup')) {
        nextPileups.add(w.subject);
        if (!pileups.has(w.subject)) sendWarning(w);
      }
      pileups = nextPileups;
    },
    setWatched(ports, table) {
      watched = new Set(ports);
      for (const port of [...lastOwner.keys()]) if (!watched.has(port)) lastOwner.delete(port);
      ownerChanges(table, true);
      return [...watched].sort((a, b) => a - b);
    },
  };
}
