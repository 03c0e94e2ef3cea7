/**
 * Decides, for each destroy event, whether the poller had seen that socket. The match is by tuple
 * (proto + local + remote): at destroy time the inode is already 0 and /proc/net/tcp has no cookie
 * column, so the tuple is all the two sides share. Three facts decide it:
 * - A socket in the table at sample time was not yet destroyed (events are drained up to the
 *   sample's time), so a live full-socket row is never the destroyed one, even on the same tuple.
 * - A connection closed first by this side enters TIME_WAIT at the FIN, and its socket is destroyed
 *   then or when the process closes its descriptor, never before; the row's timer dates the FIN
 *   (Linux holds TIME_WAIT for 60 s). Every TIME_WAIT the poller saw start is remembered per tuple
 *   until an event claims it: an event takes the latest one that started no later than itself, and
 *   each absorbs one event. tcp_tw_reuse lets a new connection take a tuple as soon as the clock
 *   reaches the next second (the churn engine counts a restarted timer as a new connection), so one
 *   tuple may carry several TIME_WAITs in a second and each event must find its own.
 * - A seen socket that left the table this tick (or the tick before, for a late event) is the
 *   destroyed one; it gets the event's time as its exact end. Each row absorbs one event at most.
 * A socket closed with RST loses its local address and peer port before it is destroyed
 * (`0.0.0.0:40000 127.0.0.1:*`), so such "partial" events are completed from the other side's
 * event when that side is local too, and otherwise matched on what is left (proto, local port,
 * peer address).
 */
import type { Socket, SocketState } from '../../../shared/model';
import { timerRemainingMs } from '../../../shared/socket-timer';
import { ANY_ADDRESS } from '../sampler/parse-address';
import { tupleKey, type Tuple } from '../churn/connections';
import type { DestroyEvent } from './types';

/** What an event is about: a connection, a RST-cleared connection, a socket with no peer, UDP, or nothing bound. */
export type EventKind = 'connection' | 'partial' | 'not-open' | 'udp' | 'unbound';

const isAny = (address: string): boolean => address === ANY_ADDRESS[4] || address === ANY_ADDRESS[6];

/** Classifies an event by what its tuple still says. */
export function eventKind(e: DestroyEvent): EventKind {
  if (e.localPort === 0) return 'unbound';
  if (e.proto === 'udp') return 'udp';
  if (e.remotePort !== 0) return 'connection';
  return isAny(e.remoteAddress) ? 'not-open' : 'partial';
}

/** proto + local port + peer address: what a RST-cleared event still shares with its row. */
export function partialKey(t: Pick<Tuple, 'proto' | 'localPort' | 'remoteAddress'>): string {
  return `${t.proto}|${t.localPort}|${plainAddress(t.remoteAddress)}`;
}

/** An IPv4-mapped IPv6 address as its IPv4 text, so a v4 client and its dual-stack server side meet. */
export function plainAddress(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

/** An event ready for matching: its kind and the tuple to match with. */
export interface PreparedEvent {
  event: DestroyEvent;
  kind: EventKind;
  tuple: Tuple;
  /** True for a RST-cleared event whose other side could not complete it. */
  partial: boolean;
}

/** Linux's TIME_WAIT length (TCP_TIMEWAIT_LEN), fixed in the kernel. */
export const TIME_WAIT_MS = 60_000;
/** How much earlier than its TIME_WAIT's start a destroy event may seem to come (timer ticks, clock reads). */
export const OWN_EVENT_SLACK_MS = 250;

/** When a TIME_WAIT row sampled at `sampleTime` with `timerMs` left entered TIME_WAIT. */
export function timeWaitStart(timerMs: number, sampleTime: number): number {
  return sampleTime - (TIME_WAIT_MS - timerMs);
}

/** A socket the poller never saw. */
export interface Unseen {
  tuple: Tuple;
  time: number;
  partial: boolean;
}

/** What one tick's events came to. */
export interface Classified<C> {
  /** Seen connections that left the table this tick, with the time their socket was destroyed. */
  closes: { item: C; time: number }[];
  /** Events of sockets the poller had seen (including `closes`). */
  sampled: number;
  unseenTcp: Unseen[];
  unseenUdp: Unseen[];
  /** Events of sockets that never had a peer. */
  notOpens: number;
}

/** A removed row and what the engine wants back when its socket's destroy event is found. */
export interface GoneRow<C> {
  socket: Tuple;
  state: SocketState;
  item: C;
}

/** A departed row an event may claim, under both its full and its partial key; claimed once at most. */
interface Slot<C> {
  item: C;
  claimed: boolean;
}

/** Matches each tick's events against the table; keeps the last ticks' departures for late events. */
export class EventMatcher<C> {
  /** Full-socket rows removed in the two ticks before this one. */
  private recentGone: Map<string, Slot<C>>[] = [];
  /** Starts of TIME_WAITs the poller saw in the last minute, per tuple, oldest first, and whether an event claimed each. */
  private readonly timeWaits = new Map<string, { start: number; claimed: boolean }[]>();
  /** When the TIME_WAIT memory was last swept of expired starts. */
  private sweptAt = 0;
  /** Whole-tuple events of this and the previous batch, by (local address, peer port), to complete RST clients. */
  private otherSides: Map<string, DestroyEvent>[] = [];

  /** Tuples with TIME_WAIT starts remembered (the memory bench counts them). */
  get timeWaitTuples(): number {
    return this.timeWaits.size;
  }

  /** Step one: kinds and completed tuples. */
  prepare(events: readonly DestroyEvent[]): PreparedEvent[] {
    const sides = new Map<string, DestroyEvent>();
    for (const e of events) if (eventKind(e) === 'connection') sides.set(`${plainAddress(e.localAddress)}|${e.remotePort}`, e);
    this.otherSides = [sides, ...this.otherSides].slice(0, 2);
    return events.map((event) => {
      const kind = eventKind(event);
      const completed = kind === 'partial' ? this.complete(event) : null;
      return { event, kind, tuple: completed ?? event, partial: kind === 'partial' && completed === null };
    });
  }

  /** The client tuple of a RST-cleared event, from its server side's event (local peer only). */
  private complete(e: DestroyEvent): Tuple | null {
    const key = `${plainAddress(e.remoteAddress)}|${e.localPort}`;
    const side = this.otherSides[0]?.get(key) ?? this.otherSides[1]?.get(key);
    if (side === undefined) return null;
    const local = e.family === 4 ? plainAddress(side.remoteAddress) : side.remoteAddress;
    return { proto: e.proto, localAddress: local, localPort: e.localPort, remoteAddress: e.remoteAddress, remotePort: side.localPort };
  }

  /**
   * Step two, after the diff: classifies the prepared events against the TIME_WAIT rows of the new
   * table and the full-socket rows the diff removed. Call it every tick, with no events too, so the
   * late-event memory moves on.
   */
  settle(removed: readonly GoneRow<C>[], prepared: readonly PreparedEvent[], timeWaits: Iterable<Socket>, sampleTime: number): Classified<C> {
    for (const s of timeWaits) this.noteTimeWait(s, sampleTime);
    const gone = new Map<string, Slot<C>>();
    for (const r of removed) {
      // A TIME_WAIT row's socket was destroyed when it entered TIME_WAIT, long before it left.
      if (r.state === 'TIME_WAIT') continue;
      const slot: Slot<C> = { item: r.item, claimed: false };
      gone.set(tupleKey(r.socket), slot);
      gone.set(`p|${partialKey(r.socket)}`, slot);
    }
    const out: Classified<C> = { closes: [], sampled: 0, unseenTcp: [], unseenUdp: [], notOpens: 0 };
    for (const p of [...prepared].sort((a, b) => a.event.time - b.event.time)) this.classify(p, gone, out);
    this.recentGone = [gone, ...this.recentGone].slice(0, 2);
    this.prune(sampleTime);
    return out;
  }

  /** Remembers the start of a row that entered TIME_WAIT, unless already noted (undated rows: the sample's time). */
  private noteTimeWait(s: Socket, sampleTime: number): void {
    // An expired TIME_WAIT the kernel has not reaped yet shows 0 left: it dates nothing.
    const left = s.timer?.kind === 'time-wait' ? timerRemainingMs(s.timer, sampleTime) : null;
    if (s.state !== 'TIME_WAIT' || (left !== null && left <= 0)) return;
    const key = tupleKey(s);
    // Undated: it entered TIME_WAIT since the previous sample, so any event of this tick may be its own.
    const start = left !== null ? timeWaitStart(left, sampleTime) : -Infinity;
    const known = this.timeWaits.get(key) ?? [];
    if (known.some((k) => k.start === start || Math.abs(k.start - start) <= OWN_EVENT_SLACK_MS)) return;
    known.push({ start: start === -Infinity ? sampleTime - TIME_WAIT_MS : start, claimed: false });
    this.timeWaits.set(key, known);
  }

  /** Every 10 s, forgets TIME_WAITs that started more than 61 s ago: they have expired. */
  private prune(sampleTime: number): void {
    if (sampleTime - this.sweptAt < 10_000 && sampleTime >= this.sweptAt) return;
    this.sweptAt = sampleTime;
    const oldest = sampleTime - TIME_WAIT_MS - 1000;
    for (const [key, known] of this.timeWaits) {
      const left = known.filter((k) => k.start >= oldest);
      if (left.length === 0) this.timeWaits.delete(key);
      else if (left.length < known.length) this.timeWaits.set(key, left);
    }
  }

  /** Claims the latest unclaimed TIME_WAIT of the tuple that started no later than `time`; true when one was there. */
  private claimTimeWait(key: string, time: number): boolean {
    const known = this.timeWaits.get(key) ?? [];
    for (let i = known.length - 1; i >= 0; i -= 1) {
      const k = known[i];
      if (k === undefined || k.claimed || k.start > time + OWN_EVENT_SLACK_MS) continue;
      k.claimed = true;
      return true;
    }
    return false;
  }

  private classify(p: PreparedEvent, gone: Map<string, Slot<C>>, out: Classified<C>): void {
    if (p.kind === 'unbound') return;
    if (p.kind === 'not-open') {
      out.notOpens += 1;
      return;
    }
    const key = p.partial ? `p|${partialKey(p.tuple)}` : tupleKey(p.tuple);
    if (!p.partial && this.claimTimeWait(key, p.event.time)) {
      out.sampled += 1;
      return;
    }
    const now = gone.get(key);
    if (now !== undefined && !now.claimed) {
      now.claimed = true;
      out.sampled += 1;
      out.closes.push({ item: now.item, time: p.event.time });
      return;
    }
    const late = this.recentGone.map((m) => m.get(key)).find((slot) => slot !== undefined && !slot.claimed);
    if (late !== undefined) {
      late.claimed = true;
      out.sampled += 1;
      return;
    }
    (p.kind === 'udp' ? out.unseenUdp : out.unseenTcp).push({ tuple: p.tuple, time: p.event.time, partial: p.partial });
  }
}
