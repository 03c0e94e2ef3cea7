/**
 * The service's issue-13 methods: host names, destinations and bytes per connection. Kept beside
 * port-service so that file stays about sampling; the service hands it each tick and it keeps
 * the name book fed with the addresses the rows show. Nothing here is on the sampling path: a
 * tick only queues lookups, and the sampler thread never waits for one.
 */
import type { PortApi } from '../../../shared/contract';
import type { Destinations, TcpInfoResult, TcpInfoTarget } from '../../../shared/destination-model';
import { HOST_NAME_LIMIT, parseDestinationKey } from '../../../shared/destination-model';
import type { Delta, Socket } from '../../../shared/model';
import { createTcpInfoReader, destinationFilter, portsFilter, type TcpInfoReaderOptions } from '../bytes/tcp-info-reader';
import { HostNameBook, type HostNameOptions } from '../names/host-names';

/** What the insight methods need from the service. */
export interface InsightDeps {
  emitNames(names: Record<string, string>): void;
  emitDestinations(d: Destinations): void;
  /** The current table. */
  sockets(): readonly Socket[];
  platform: string;
  /** Start with "Resolve names" on (default true). */
  resolveNames?: boolean;
  names?: Omit<HostNameOptions, 'onNames'>;
  tcpInfo?: TcpInfoReaderOptions;
  onError(message: string): void;
}

const EMPTY: Destinations = { time: 0, spanSec: 0, destinations: [], totals: { births: 0, timeWait: 0, tracked: 0 } };

/** A row with a peer address worth naming. */
function hasPeer(s: Socket): boolean {
  return s.remotePort !== 0 && s.remoteAddress !== '0.0.0.0' && s.remoteAddress !== '::';
}

const live = (s: Socket): boolean => s.proto === 'tcp' && s.state !== 'LISTEN' && s.state !== 'TIME_WAIT';

/** Builds the methods and the tick hook. */
export function createInsightMethods(deps: InsightDeps) {
  const book = new HostNameBook({ ...deps.names, onError: deps.onError, onNames: deps.emitNames });
  book.setEnabled(deps.resolveNames ?? true);
  const tcp = createTcpInfoReader({ platform: deps.platform, ...deps.tcpInfo });
  let destinations = EMPTY;

  /** Queues names for new rows' peers and the listed destinations; returns at once. */
  const onTick = (delta: Delta, next: Destinations | undefined): void => {
    if (book.resolving) book.want(delta.added.filter(hasPeer).map((s) => s.remoteAddress));
    if (next === undefined) return;
    destinations = next;
    if (book.resolving) book.want(next.destinations.map((d) => d.remoteAddress));
    deps.emitDestinations(next);
  };

  const readTarget = (target: TcpInfoTarget): Promise<TcpInfoResult> => {
    const table = deps.sockets();
    switch (target.kind) {
      case 'process': {
        const mine = table.filter((s) => live(s) && s.owner?.pid === target.pid && (target.startTime === undefined || s.owner.startTime === target.startTime));
        return tcp.read({ key: `process:${target.pid}:${target.startTime ?? ''}`, filter: portsFilter(mine), sockets: mine, onlyListed: true });
      }
      case 'destination': {
        const d = parseDestinationKey(target.key);
        if (d === null) throw new Error(`'${target.key}' is not a destination key (proto|address|port)`);
        if (d.proto !== 'tcp') return Promise.resolve({ available: false, reason: 'bytes per connection exist for TCP only' });
        const rows = table.filter((s) => live(s) && s.remoteAddress === d.address && s.remotePort === d.port);
        return tcp.read({ key: `destination:${target.key}`, filter: destinationFilter(d.address, d.port), sockets: rows, onlyListed: false });
      }
      case 'socket': {
        const row = table.find((s) => s.id === target.id);
        if (row === undefined) throw new Error(`no socket ${target.id} in the table`);
        if (!live(row)) return Promise.resolve({ available: false, reason: `no byte counters for a ${row.proto} ${row.state} socket` });
        return tcp.read({ key: `socket:${row.id}`, filter: portsFilter([row]), sockets: [row], onlyListed: true });
      }
    }
  };

  const methods: Pick<PortApi, 'getHostNames' | 'setResolveNames' | 'getDestinations' | 'getTcpInfo'> = {
    async getHostNames({ addresses }) {
      const asked = addresses.slice(0, HOST_NAME_LIMIT);
      book.want(asked);
      const names: Record<string, string> = {};
      for (const a of asked) {
        const n = book.name(a);
        if (typeof n === 'string') names[a] = n;
      }
      return { resolving: book.resolving, names };
    },
    async setResolveNames({ on }) {
      book.setEnabled(on);
      return { on: book.resolving };
    },
    async getDestinations({ limit }) {
      return limit === undefined ? destinations : { ...destinations, destinations: destinations.destinations.slice(0, limit) };
    },
    getTcpInfo: async ({ target }) => readTarget(target),
  };

  return {
    methods,
    onTick,
    /** The name of an address when known (exports, the CLI). */
    hostName: (address: string): string | null | undefined => book.name(address),
    book,
    close: () => book.close(),
  };
}
