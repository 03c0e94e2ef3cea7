/**
 * The table's data: live rows by id, closed rows kept as ghosts for a few seconds, per-port
 * occupancy, and the filtered + sorted row list. A delta touches only its own rows: they are
 * pulled out of the sorted list in one pass and merged back in sorted, so an update costs
 * O(rows + k log k) with k changed rows, and nothing here allocates per untouched row.
 */
import { DeltaGapError } from '../../../shared/apply-delta';
import { matchSocket, parseFilter, type FilterContext, type SocketFilter } from '../../../shared/filter';
import type { Delta, PortRange, Snapshot, Socket, SocketState } from '../../../shared/model';
import { clearOccupancy, createOccupancy, holdPort, releasePort, type PortOccupancy } from './port-occupancy';
import { mergeSorted, rowComparator, type SortSpec } from './row-order';
import { HostNameBook } from './host-name-book';
import { ServiceBook } from './service-book';
import { pickService, type ServiceContext } from './service-pick';
import { GHOST_MS, ghostOf, makeRow, type HostOf, type ServiceNames, type ServiceOf, type TableRow } from './table-row';

/** A filter the user typed that does not parse: what is wrong and where. */
export interface FilterProblem {
  message: string;
  at: number;
}

const MATCH_ALL: SocketFilter = { clauses: [] };

/**
 * One update's changes to the sorted list: row objects to take out (old versions, by identity,
 * which is cheaper than hashing ids) and new rows to merge in, by id.
 */
interface Batch {
  stale: Set<TableRow>;
  fresh: Map<string, TableRow>;
}

/** Live rows, ghosts and the visible order; see the module comment for costs. */
export class TableModel {
  readonly live = new Map<string, TableRow>();
  /** Closed rows still shown, oldest first (Map keeps insertion order). */
  readonly ghosts = new Map<string, TableRow>();
  readonly occupancy: PortOccupancy = createOccupancy();
  /** Live sockets per state, kept per delta row so the glance never rescans the table. */
  readonly stateCounts = new Map<SocketState, number>();
  /** Filtered and sorted rows, ghosts included. */
  rows: readonly TableRow[] = [];
  /** Seq of the snapshot the rows reflect; null before the first subscribe. */
  seq: number | null = null;
  filterText = '';
  filterProblem: FilterProblem | null = null;
  private filter: SocketFilter = MATCH_ALL;
  private compare: (a: TableRow, b: TableRow) => number;
  private ctx: FilterContext = { ephemeralRange: { low: 0, high: -1 }, hostName: (a) => this.hosts.nameOf(a) };
  /** Service names asked of the host, and the keys still to ask. */
  private readonly book = new ServiceBook();
  /** TCP listeners per local port, so a connection accepted on a listened port is named as a server. */
  private readonly listeners = new Map<number, number>();
  private readonly serviceCtx: ServiceContext = {
    ephemeralRange: this.ctx.ephemeralRange,
    listening: (port) => (this.listeners.get(port) ?? 0) > 0,
    lookup: (key) => this.book.lookup(key),
  };
  private readonly serviceOf: ServiceOf = (s) => pickService(s, this.serviceCtx);
  /** Names of remote addresses (issue 13), for the remote column and `remote:*.example.com`. */
  private readonly hosts = new HostNameBook();
  private readonly hostOf: HostOf = (address) => this.hosts.nameOf(address);

  constructor(
    public sort: SortSpec,
    private readonly ghostLimit = 2000,
  ) {
    this.compare = rowComparator(sort);
  }

  /** Replaces everything with a fresh snapshot; its rows are steady (nothing to flash). */
  load(snapshot: Snapshot, now: number): void {
    this.live.clear();
    this.ghosts.clear();
    this.stateCounts.clear();
    clearOccupancy(this.occupancy);
    this.listeners.clear();
    this.setRange(snapshot.ephemeralRange);
    for (const s of snapshot.sockets) this.countListener(s, 1);
    for (const s of snapshot.sockets) {
      this.live.set(s.id, makeRow(s, snapshot.firstSeen[s.id] ?? snapshot.time, 'steady', now, this.serviceOf, this.hostOf));
      holdPort(this.occupancy, s);
      this.countState(s.state, 1);
    }
    this.seq = snapshot.seq;
    this.rebuild();
  }

  /**
   * Applies the next delta (and lets due ghosts go in the same pass). Returns false for a delta
   * that is stale or arrives before any snapshot; throws DeltaGapError when one was missed (the
   * caller resubscribes).
   */
  apply(delta: Delta, now: number): boolean {
    if (this.seq === null || delta.seq <= this.seq) return false;
    if (delta.baseSeq !== this.seq) throw new DeltaGapError(this.seq, delta.baseSeq);
    const batch: Batch = { stale: new Set(), fresh: new Map() };
    this.dropDueGhosts(now, batch);
    for (const gone of delta.removed) {
      const row = this.live.get(gone.id);
      if (!row) continue;
      this.live.delete(gone.id);
      this.countListener(row.socket, -1);
      releasePort(this.occupancy, row.socket, now);
      this.countState(row.socket.state, -1);
      const ghost = ghostOf(row, now);
      this.ghosts.set(gone.id, ghost);
      batch.stale.add(row);
      batch.fresh.set(gone.id, ghost);
    }
    // Listeners first, so a connection accepted in the same tick as its listener is named as a server.
    for (const s of [...delta.changed, ...delta.added]) {
      const old = this.live.get(s.id);
      if (old) this.countListener(old.socket, -1);
      this.countListener(s, 1);
    }
    for (const s of delta.changed) {
      const firstSeen = this.live.get(s.id)?.firstSeen ?? delta.time;
      this.put(makeRow(s, firstSeen, 'changed', now, this.serviceOf, this.hostOf), batch, now);
    }
    for (const s of delta.added) this.put(makeRow(s, delta.time, 'new', now, this.serviceOf, this.hostOf), batch, now);
    this.evictGhosts(batch);
    this.seq = delta.seq;
    this.mergeIn(batch);
    return true;
  }

  /** Removes ghosts whose time is up; returns the ids removed. */
  expire(now: number): string[] {
    const batch: Batch = { stale: new Set(), fresh: new Map() };
    const gone = this.dropDueGhosts(now, batch);
    if (gone.length > 0) this.mergeIn(batch);
    return gone;
  }

  /** Local time the oldest ghost leaves, null when there is none. */
  nextGhostExpiry(): number | null {
    for (const ghost of this.ghosts.values()) return ghost.statusAt + GHOST_MS;
    return null;
  }

  /** Parses and applies a query; a bad one leaves the last good filter (and rows) in place. */
  setFilter(text: string): void {
    this.filterText = text;
    const parsed = parseFilter(text);
    if (!parsed.ok) {
      this.filterProblem = { message: parsed.error, at: parsed.at };
      return;
    }
    this.filterProblem = null;
    this.filter = parsed.filter;
    this.rebuild();
  }

  setSort(sort: SortSpec): void {
    this.sort = sort;
    this.compare = rowComparator(sort);
    this.rebuild();
  }

  /** Takes a re-read ephemeral range (for `eph`); re-filters only when it really changed. */
  setEphemeralRange(range: PortRange): void {
    const old = this.ctx.ephemeralRange;
    if (old.low === range.low && old.high === range.high) return;
    this.setRange(range);
    this.renameRows();
  }

  /** Installs a whole table of service names for the service column (rebuilds every row once). */
  setServiceNames(services: ServiceNames): void {
    this.book.replace(services);
    this.renameRows();
  }

  /** Takes names the host answered; rows are rebuilt only when one is new. */
  addServiceNames(found: Readonly<Record<string, string>>): boolean {
    if (!this.book.receive(found)) return false;
    this.renameRows();
    return true;
  }

  /** Up to `limit` port keys the rows looked up and nobody has asked the host for yet. */
  takeServiceKeys(limit: number): string[] {
    return this.book.take(limit);
  }

  /** Keys whose request failed, to be asked again later. */
  serviceKeysFailed(keys: readonly string[]): void {
    this.book.giveBack(keys);
  }

  /** The names known so far. */
  get serviceNames(): ServiceNames {
    return this.book.known;
  }

  /** Takes names of remote addresses; rows are rebuilt only when one is new. */
  addHostNames(found: Readonly<Record<string, string>>): boolean {
    if (!this.hosts.receive(found) || !this.hosts.resolving) return false;
    this.renameRows();
    return true;
  }

  /** Shows names or numbers ("Resolve names"); true when that changed. */
  setResolvingNames(on: boolean): boolean {
    if (this.hosts.resolving === on) return false;
    this.hosts.resolving = on;
    this.renameRows();
    return true;
  }

  /** The shown name of a remote address, null when none (or names are off). */
  hostName(address: string): string | null {
    return this.hosts.nameOf(address);
  }

  /** Whether names are shown. */
  get resolvingNames(): boolean {
    return this.hosts.resolving;
  }

  /** Distinct remote addresses of the live rows (at most `limit`), to ask names for. */
  remoteAddresses(limit: number): string[] {
    const out = new Set<string>();
    for (const row of this.live.values()) {
      if (out.size >= limit) break;
      if (row.socket.remotePort !== 0) out.add(row.socket.remoteAddress);
    }
    return [...out];
  }

  /** True when a row passes the current filter. */
  matches(row: TableRow): boolean {
    return matchSocket(this.filter, row.socket, this.ctx);
  }

  private put(row: TableRow, batch: Batch, now: number): void {
    const old = this.live.get(row.id);
    if (old) {
      releasePort(this.occupancy, old.socket, now);
      this.countState(old.socket.state, -1);
      batch.stale.add(old);
    }
    const ghost = this.ghosts.get(row.id);
    if (ghost) {
      this.ghosts.delete(row.id);
      batch.stale.add(ghost);
    }
    this.live.set(row.id, row);
    holdPort(this.occupancy, row.socket);
    this.countState(row.socket.state, 1);
    batch.fresh.set(row.id, row);
  }

  private setRange(range: PortRange): void {
    this.ctx = { ephemeralRange: { low: range.low, high: range.high }, hostName: this.hostOf };
    this.serviceCtx.ephemeralRange = this.ctx.ephemeralRange;
  }

  private countListener(s: Socket, by: number): void {
    if (s.proto !== 'tcp' || s.state !== 'LISTEN') return;
    const n = (this.listeners.get(s.localPort) ?? 0) + by;
    if (n > 0) this.listeners.set(s.localPort, n);
    else this.listeners.delete(s.localPort);
  }

  /** Rebuilds every row's service (names or the range changed), then the visible order. */
  private renameRows(): void {
    for (const [id, row] of this.live) this.live.set(id, makeRow(row.socket, row.firstSeen, row.status, row.statusAt, this.serviceOf, this.hostOf));
    for (const [id, row] of this.ghosts) this.ghosts.set(id, makeRow(row.socket, row.firstSeen, row.status, row.statusAt, this.serviceOf, this.hostOf));
    this.rebuild();
  }

  private countState(state: SocketState, by: number): void {
    const n = (this.stateCounts.get(state) ?? 0) + by;
    if (n > 0) this.stateCounts.set(state, n);
    else this.stateCounts.delete(state);
  }

  /** Drops ghosts whose time is up (oldest first, so it stops at the first that is not). */
  private dropDueGhosts(now: number, batch: Batch): string[] {
    const gone: string[] = [];
    for (const [id, ghost] of this.ghosts) {
      if (ghost.statusAt + GHOST_MS > now) break;
      this.ghosts.delete(id);
      batch.stale.add(ghost);
      gone.push(id);
    }
    return gone;
  }

  /** Keeps the ghost list within its cap, dropping the oldest. */
  private evictGhosts(batch: Batch): void {
    for (const [id, ghost] of this.ghosts) {
      if (this.ghosts.size <= this.ghostLimit) break;
      this.ghosts.delete(id);
      batch.stale.add(ghost);
      if (batch.fresh.get(id) === ghost) batch.fresh.delete(id);
    }
  }

  /** Takes the batch's stale rows out of the sorted list and merges its fresh rows in. */
  private mergeIn(batch: Batch): void {
    const { stale, fresh } = batch;
    const kept = stale.size === 0 ? this.rows : this.rows.filter((r) => !stale.has(r));
    const incoming = [...fresh.values()].filter((r) => this.matches(r)).sort(this.compare);
    this.rows = mergeSorted(kept, incoming, this.compare);
  }

  private rebuild(): void {
    const all: TableRow[] = [];
    for (const row of this.live.values()) if (this.matches(row)) all.push(row);
    for (const row of this.ghosts.values()) if (this.matches(row)) all.push(row);
    this.rows = all.sort(this.compare);
  }
}
