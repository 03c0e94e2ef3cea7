/**
 * Decides, for each destroy event, whether the poller had seen that socket. The match is by tuple
 * (proto + local + remote): at destroy time the inode is already 0 and /proc/net/tcp has no cookie
 * column, so the tuple is all the two sides share. A seen socket that left the table this tick gets
 * its exact end time; an unseen one is a socket that lived and died between two samples.
 *
 * Two kernel habits shape the rules. A socket closed with RST loses its local address and peer
 * port before it is destroyed (`0.0.0.0:40000 127.0.0.1:*`), so such "partial" events are completed
 * from the other side's event when that side is local too, and otherwise matched on what is left
 * (proto, local port, peer address). And a TIME_WAIT tuple can be taken over by a new connection
 * (tcp_tw_reuse) while the row keeps its id, so an event on a tuple that was already in TIME_WAIT
 * before the previous sample is a newer connection the poller never saw, not the old one.
 */
import type { SocketState } from '../../../shared/model';
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

/** Counts of the tuples in the current table, kept in step with each row diff. */
export class TupleIndex {
  private readonly full = new Map<string, number>();
  private readonly partial = new Map<string, number>();

  get size(): number {
    return this.full.size;
  }

  add(t: Tuple): void {
    bump(this.full, tupleKey(t), 1);
    bump(this.partial, partialKey(t), 1);
  }

  remove(t: Tuple): void {
    bump(this.full, tupleKey(t), -1);
    bump(this.partial, partialKey(t), -1);
  }

  hasFull(key: string): boolean {
    return this.full.has(key);
  }

  hasPartial(key: string): boolean {
    return this.partial.has(key);
  }
}

function bump(map: Map<string, number>, key: string, by: number): void {
  const n = (map.get(key) ?? 0) + by;
  if (n <= 0) map.delete(key);
  else map.set(key, n);
}

/** An event ready for matching: its kind and the tuple to match with. */
export interface PreparedEvent {
  event: DestroyEvent;
  kind: EventKind;
  tuple: Tuple;
  /** True for a RST-cleared event whose other side could not complete it. */
  partial: boolean;
  /** True when its tuple was already in TIME_WAIT before the previous sample (a reused tuple). */
  reused: boolean;
}

/** The previous table's inode-0 row of a tuple (TIME_WAIT and orphans), as the engine holds it. */
export type HeldZeroRow = (tupleKey: string) => { state: SocketState; firstSeen: number } | undefined;

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
  item: C;
}

/** Matches each tick's events against the table; keeps the live index and the last ticks' departures. */
export class EventMatcher<C> {
  readonly live = new TupleIndex();
  /** Keys of rows removed in the two ticks before this one, for events that arrive a tick late. */
  private recentGone: Set<string>[] = [];
  /** Whole-tuple events of this and the previous batch, by (local address, peer port), to complete RST clients. */
  private otherSides: Map<string, DestroyEvent>[] = [];

  /** Step one, before the diff: kinds, completed tuples, reused-tuple marks. */
  prepare(events: readonly DestroyEvent[], heldZero: HeldZeroRow, prevTime: number): PreparedEvent[] {
    const sides = new Map<string, DestroyEvent>();
    for (const e of events) if (eventKind(e) === 'connection') sides.set(`${plainAddress(e.localAddress)}|${e.remotePort}`, e);
    this.otherSides = [sides, ...this.otherSides].slice(0, 2);
    return events.map((event) => {
      const kind = eventKind(event);
      const completed = kind === 'partial' ? this.complete(event) : null;
      const tuple = completed ?? event;
      const partial = kind === 'partial' && completed === null;
      const held = partial || kind === 'not-open' ? undefined : heldZero(tupleKey(tuple));
      const reused = held !== undefined && held.state === 'TIME_WAIT' && held.firstSeen < prevTime;
      return { event, kind, tuple, partial, reused };
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
   * Step two, after the diff: updates the live index with the tick's added and removed rows, then
   * classifies the prepared events. Call it every tick, with no events too, so the index follows.
   */
  settle(added: readonly Tuple[], removed: readonly GoneRow<C>[], prepared: readonly PreparedEvent[]): Classified<C> {
    for (const t of added) this.live.add(t);
    const goneFull = new Map<string, C>();
    const gonePartial = new Map<string, C>();
    for (const r of removed) {
      this.live.remove(r.socket);
      goneFull.set(tupleKey(r.socket), r.item);
      gonePartial.set(partialKey(r.socket), r.item);
    }
    const out: Classified<C> = { closes: [], sampled: 0, unseenTcp: [], unseenUdp: [], notOpens: 0 };
    for (const p of prepared) this.classify(p, goneFull, gonePartial, out);
    this.recentGone = [new Set([...goneFull.keys(), ...[...gonePartial.keys()].map((k) => `p|${k}`)]), ...this.recentGone].slice(0, 2);
    return out;
  }

  private classify(p: PreparedEvent, goneFull: Map<string, C>, gonePartial: Map<string, C>, out: Classified<C>): void {
    if (p.kind === 'unbound') return;
    if (p.kind === 'not-open') {
      out.notOpens += 1;
      return;
    }
    const unseen: Unseen = { tuple: p.tuple, time: p.event.time, partial: p.partial };
    const list = p.kind === 'udp' ? out.unseenUdp : out.unseenTcp;
    if (p.reused) {
      list.push(unseen);
      return;
    }
    const key = p.partial ? partialKey(p.tuple) : tupleKey(p.tuple);
    const inLive = p.partial ? this.live.hasPartial(key) : this.live.hasFull(key);
    const gone = p.partial ? gonePartial.get(key) : goneFull.get(key);
    const late = this.recentGone.some((set) => set.has(p.partial ? `p|${key}` : key));
    if (inLive || gone !== undefined || late) out.sampled += 1;
    else list.push(unseen);
    if (!inLive && gone !== undefined) out.closes.push({ item: gone, time: p.event.time });
  }
}
