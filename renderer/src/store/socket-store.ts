/**
 * The renderer's one store: the table model plus churn, status, notifications, selection and
 * the connection state. Mutations are cheap and synchronous; views are told at most once per
 * animation frame, with a fresh (shallow) state object that useSyncExternalStore can compare.
 */
import type { Capture } from '../../../shared/capture';
import type { ChurnSummary } from '../../../shared/churn-model';
import type { Notification, ResponseOf, Status } from '../../../shared/contract';
import type { Destinations } from '../../../shared/destination-model';
import type { Delta, EphemeralRange, KernelCounters, SocketState, TickStats } from '../../../shared/model';
import { captureInfo, captureMeta, captureSnapshot, type CaptureInfo } from './capture-view';
import { createNotificationQueue, type HeldNotification } from './notification-list';
import type { PortOccupancy } from './port-occupancy';
import { addReading, reconciliationView, type ReconReading, type ReconView } from './reconciliation-window';
import { nextSort, type ColumnId, type SortSpec } from './row-order';
import {
  EMPTY_SELECTION,
  moveSelection,
  pruneSelection,
  revealId,
  selectId,
  type SelectMode,
  type Selection,
} from './selection';
import { TableModel, type FilterProblem } from './table-model';
import { FLASH_MS, type ServiceNames, type TableRow } from './table-row';

/** The transport's state as the status line shows it. */
export interface ConnectionInfo {
  state: 'connecting' | 'open' | 'closed' | 'error';
  detail: string;
}

/** Facts of the latest sample that are not rows. */
export interface SampleMeta {
  host: string;
  platform: string;
  source: string;
  ephemeralRange: EphemeralRange;
  seq: number;
  /** Epoch ms of the latest sample. */
  time: number;
  counters: KernelCounters | null;
  /** Figures of the latest tick, null right after subscribing. */
  lastTick: TickStats | null;
}

/** Everything views read. A new object after each flush; inner maps and arrays are shared. */
export interface StoreState {
  version: number;
  connection: ConnectionInfo;
  meta: SampleMeta | null;
  live: ReadonlyMap<string, TableRow>;
  /** Live sockets per state. */
  stateCounts: ReadonlyMap<SocketState, number>;
  rows: readonly TableRow[];
  ghostCount: number;
  occupancy: PortOccupancy;
  filterText: string;
  /**
   * Counts filters set by something other than the filter box (a glance pick, a details button).
   * The box owns the text the user types and takes the store's text only when this changes, so a
   * state built before the latest keystroke can never put an older text back into the input.
   */
  filterPresets: number;
  filterProblem: FilterProblem | null;
  sort: SortSpec;
  selection: Selection;
  churn: ChurnSummary | null;
  status: Status | null;
  /** Seen by sampling / only by events / missed, over the last minute once the page has one. */
  recon: ReconView | null;
  /** Newest first, bounded; info entries leave by themselves (see notification-list). */
  notifications: readonly HeldNotification[];
  /** Problems the renderer met (a failed call, a denied clipboard), newest last, bounded. */
  problems: readonly string[];
  /** Local epoch ms of this flush: the clock for flashes, ghosts and heat. */
  now: number;
  /** The capture shown instead of the live table, or null when live (actions check `capture !== null`). */
  capture: CaptureInfo | null;
  /** The destinations view as of the latest sample (issue 13), null before one arrives. */
  destinations: Destinations | null;
  /** "Resolve names": remote ends shown by name (the service's setting). */
  resolvingNames: boolean;
}

/** The initial sort: by process, as TCPView users expect; unknown owners last. */
const DEFAULT_SORT: SortSpec = { column: 'process', dir: 'asc' };
const PROBLEM_LIMIT = 5;
/**
 * The housekeeping timer lets ghosts go this long after their time, so that while deltas keep
 * coming the next delta removes them in its own pass over the table instead of a second one.
 */
const GHOST_GRACE_MS = 300;

/** Clock and scheduling, injectable so tests run without a DOM or real time. */
export interface StoreOptions {
  now?: () => number;
  /** Runs `flush` soon, coalescing calls (requestAnimationFrame in a browser). */
  schedule?: (flush: () => void) => void;
  /** One-shot timer for ghost and flash expiry; returns a cancel function. */
  timer?: (fn: () => void, ms: number) => () => void;
  ghostLimit?: number;
}

function defaultSchedule(flush: () => void): void {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(flush);
  else setTimeout(flush, 16);
}

function defaultTimer(fn: () => void, ms: number): () => void {
  const t = setTimeout(fn, ms);
  return () => clearTimeout(t);
}

/** Creates the store (one per page). */
export function createSocketStore(options: StoreOptions = {}) {
  const now = options.now ?? Date.now;
  const schedule = options.schedule ?? defaultSchedule;
  const timer = options.timer ?? defaultTimer;
  const liveModel = new TableModel(DEFAULT_SORT, options.ghostLimit);
  // issue 12: while a capture is open its own model is shown; live deltas keep going to liveModel.
  let captured: { model: TableModel; info: CaptureInfo; meta: SampleMeta } | null = null;
  let model = liveModel;
  const listeners = new Set<() => void>();
  let flushPending = false;
  let cancelHousekeeping: (() => void) | null = null;
  let housekeepingAt = Infinity;
  let lastFlashAt = -Infinity;
  let version = 0;
  let connection: ConnectionInfo = { state: 'connecting', detail: 'connecting to the port service' };
  let meta: SampleMeta | null = null;
  let selection: Selection = EMPTY_SELECTION;
  let churn: ChurnSummary | null = null;
  let status: Status | null = null;
  let reconHistory: ReconReading[] = [];
  let recon: ReconView | null = null;
  const notes = createNotificationQueue(now, timer, () => changed());
  let problems: readonly string[] = [];
  let filterPresets = 0;
  let destinations: Destinations | null = null;
  let state = buildState();

  function buildState(): StoreState {
    return {
      version,
      connection,
      meta: captured?.meta ?? meta,
      live: model.live,
      stateCounts: model.stateCounts,
      rows: model.rows,
      ghostCount: model.ghosts.size,
      occupancy: model.occupancy,
      filterText: model.filterText,
      filterPresets,
      filterProblem: model.filterProblem,
      sort: model.sort,
      selection,
      churn,
      status,
      recon,
      notifications: notes.list(),
      problems,
      now: now(),
      capture: captured?.info ?? null,
      destinations,
      resolvingNames: liveModel.resolvingNames,
    };
  }

  function flush(): void {
    flushPending = false;
    version += 1;
    state = buildState();
    for (const listener of listeners) listener();
  }

  function changed(): void {
    if (flushPending) return;
    flushPending = true;
    schedule(flush);
  }

  function exists(id: string): boolean {
    return model.live.has(id) || model.ghosts.has(id);
  }

  /** Arms one timer for the next ghost removal or flash end, whichever comes first. */
  function housekeep(): void {
    const flashEnd = lastFlashAt + FLASH_MS;
    const ghostEnd = (liveModel.nextGhostExpiry() ?? Infinity) + GHOST_GRACE_MS;
    const candidates = [ghostEnd, flashEnd > now() ? flashEnd : Infinity];
    const at = Math.min(...candidates);
    if (at === Infinity || at >= housekeepingAt) return;
    cancelHousekeeping?.();
    housekeepingAt = at;
    cancelHousekeeping = timer(expire, Math.max(0, at - now()) + 5);
  }

  function expire(): void {
    cancelHousekeeping = null;
    housekeepingAt = Infinity;
    liveModel.expire(now());
    selection = pruneSelection(selection, exists);
    changed();
    housekeep();
  }

  function recordChurn(next: ChurnSummary, time: number): void {
    churn = next;
    reconHistory = addReading(reconHistory, { time, totals: next.reconciliation });
    recon = reconciliationView(reconHistory);
  }

  return {
    getState: (): StoreState => state,
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** Builds the state now instead of on the next frame (tests, and before a synchronous read). */
    flush,
    expire,

    load(sub: ResponseOf<'subscribe'>): void {
      const { snapshot } = sub;
      liveModel.load(snapshot, now());
      meta = { ...snapshot, lastTick: null };
      recordChurn(sub.churn, snapshot.time);
      selection = pruneSelection(selection, exists);
      changed();
    },
    /** Applies a delta; throws DeltaGapError when one was missed. */
    applyDelta(delta: Delta): void {
      if (!liveModel.apply(delta, now()) || !meta) return;
      meta = { ...meta, seq: delta.seq, time: delta.time, counters: delta.counters, lastTick: delta.stats };
      lastFlashAt = now();
      selection = pruneSelection(selection, exists);
      changed();
      housekeep();
    },
    setChurn(next: ChurnSummary): void {
      recordChurn(next, meta?.time ?? now());
      changed();
    },
    setStatus(next: Status): void {
      status = next;
      if (meta) {
        meta = { ...meta, ephemeralRange: next.ephemeralRange, source: next.source };
        liveModel.setEphemeralRange(next.ephemeralRange);
      }
      changed();
    },
    pushNotification: (n: Notification): void => notes.push(n),
    dismissNotification: (id: string): void => notes.dismiss(id),
    dismissAllNotifications: (): void => notes.dismissAll(),
    /** Records a problem in words for the status line. */
    reportProblem(text: string): void {
      problems = [...problems.filter((p) => p !== text), text].slice(-PROBLEM_LIMIT);
      changed();
    },
    clearProblems(): void {
      problems = [];
      changed();
    },
    setConnection(next: ConnectionInfo): void {
      connection = next;
      changed();
    },
    /** Applies a query; `from: 'input'` is the filter box itself, anything else presets the box's text. */
    setFilter(text: string, from: 'input' | 'app' = 'app'): void {
      model.setFilter(text);
      if (from === 'app') filterPresets += 1;
      if (model !== liveModel) liveModel.setFilter(text);
      changed();
    },
    toggleSort(column: ColumnId): void {
      const sort = nextSort(model.sort, column);
      model.setSort(sort);
      if (model !== liveModel) liveModel.setSort(sort);
      changed();
    },
    setServiceNames(services: ServiceNames): void {
      model.setServiceNames(services);
      if (model !== liveModel) liveModel.setServiceNames(services);
      changed();
    },
    /** Names the host answered for keys from takeServiceKeys; redraws only when one is new. */
    addServiceNames(found: Readonly<Record<string, string>>): void {
      const added = model.addServiceNames(found);
      if (model !== liveModel) liveModel.addServiceNames(found);
      if (added) changed();
    },
    /** Shows a capture read-only in the live table's place (same filter and sort); live keeps updating behind it. */
    openCapture(capture: Capture): void {
      const at = now();
      const shown = new TableModel(liveModel.sort, options.ghostLimit);
      shown.setFilter(liveModel.filterText);
      shown.load(captureSnapshot(capture, at), at);
      captured = { model: shown, info: captureInfo(capture, at), meta: captureMeta(capture, at) };
      model = shown;
      selection = EMPTY_SELECTION;
      changed();
    },
    /** Back to the live table. */
    closeCapture(): void {
      if (!captured) return;
      captured = null;
      model = liveModel;
      selection = EMPTY_SELECTION;
      changed();
    },
    /** Port keys the rows need named and nobody asked for yet (at most `limit`, now counted as asked). */
    takeServiceKeys: (limit: number): string[] => model.takeServiceKeys(limit),
    serviceKeysFailed: (keys: readonly string[]): void => model.serviceKeysFailed(keys),
    // issue 13: names, destinations
    /** Names the service found for remote addresses; rows redraw only when one is new. */
    // Names are this machine's view of its own peers: they go to the live table only, never to a
    // capture's rows (another machine's addresses keep the names the capture printed, or none).
    addHostNames(found: Readonly<Record<string, string>>): void {
      if (liveModel.addHostNames(found) && model === liveModel) changed();
    },
    setResolvingNames(on: boolean): void {
      if (liveModel.setResolvingNames(on)) changed();
    },
    /** The shown name of a live remote address (null: show the number). */
    hostName: (address: string): string | null => liveModel.hostName(address),
    /** Distinct remote addresses of the live rows, to ask their names once after a subscribe. */
    remoteAddresses: (limit: number): string[] => liveModel.remoteAddresses(limit),
    setDestinations(next: Destinations): void {
      destinations = next;
      changed();
    },
    select(id: string, mode: SelectMode = 'replace'): void {
      selection = selectId(selection, id, mode, model.rows);
      changed();
    },
    move(step: number | 'first' | 'last'): void {
      selection = moveSelection(selection, model.rows, step);
      changed();
    },
    /** Selects the first socket on a local port (shown rows first) and scrolls it into view. */
    selectPort(port: number): boolean {
      // A live socket before a closed ghost on the same port (a server restarted on its port).
      const row =
        model.rows.find((r) => r.socket.localPort === port && model.live.has(r.id)) ??
        [...model.live.values()].find((r) => r.socket.localPort === port) ??
        model.rows.find((r) => r.socket.localPort === port);
      if (!row) return false;
      selection = revealId(selection, row.id);
      changed();
      return true;
    },
    clearSelection(): void {
      selection = EMPTY_SELECTION;
      changed();
    },
  };
}

/** The store's type, for props and context. */
export type SocketStore = ReturnType<typeof createSocketStore>;
