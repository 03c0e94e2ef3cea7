import { describe, expect, it } from 'vitest';
import type { EphemeraBridge, EventName, EventOf, MethodName, RequestOf, ResponseOf } from '../../../shared/contract';
import type { Snapshot } from '../../../shared/model';
import { connectStore } from './connect-store';
import { createSocketStore } from './socket-store';
import { testSocket } from '../../../shared/filter-fixtures';
import { EMPTY_CHURN, testDelta, testSnapshot } from './test-sockets';

const churn = EMPTY_CHURN;

/**
 * An in-memory service: answers subscribe with the current snapshot, getServiceNames from `names`
 * when given (recording each call's keys), and lets tests emit events.
 */
function memoryBridge(snapshots: Snapshot[], names?: Record<string, string>, hostNames: Record<string, string> = {}) {
  const listeners = new Map<EventName, Set<(p: never) => void>>();
  let subscribes = 0;
  const asked: string[][] = [];
  const hostAsks: string[][] = [];
  const bridge: EphemeraBridge = {
    call: async <M extends MethodName>(method: M, req: RequestOf<M>): Promise<ResponseOf<M>> => {
      if (method === 'getServiceNames' && names) {
        const { keys } = req as RequestOf<'getServiceNames'>;
        asked.push(keys);
        return Object.fromEntries(keys.flatMap((k) => (names[k] ? [[k, names[k]]] : []))) as ResponseOf<M>;
      }
      if (method === 'getHostNames') {
        const { addresses } = req as RequestOf<'getHostNames'>;
        hostAsks.push(addresses);
        return { resolving: true, names: hostNames } as ResponseOf<M>;
      }
      if (method === 'getDestinations') return { time: 0, spanSec: 0, destinations: [], totals: { births: 0, timeWait: 0, tracked: 0 } } as ResponseOf<M>;
      if (method !== 'subscribe') throw new Error(`${method} not offered`);
      const snapshot = snapshots[Math.min(subscribes, snapshots.length - 1)] as Snapshot;
      subscribes += 1;
      return { snapshot, churn } as ResponseOf<M>;
    },
    on: (event, listener) => {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (p: never) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (p: never) => void);
    },
  };
  const emit = <E extends EventName>(event: E, payload: EventOf<E>): void => {
    for (const l of listeners.get(event) ?? []) (l as (p: EventOf<E>) => void)(payload);
  };
  return { bridge, emit, subscribes: () => subscribes, asked, hostAsks };
}

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 0));
const a = testSocket({ localPort: 40001 });
const b = testSocket({ localPort: 40002 });

describe('connectStore', () => {
  it('subscribes, applies deltas and resubscribes after a gap', async () => {
    const mem = memoryBridge([testSnapshot([a], 1), testSnapshot([a, b], 9)], {});
    const store = createSocketStore({ schedule: (f) => f() });
    const { stop } = connectStore(store, async (onState) => {
      onState('open', 'memory');
      return mem.bridge;
    });
    await settle();
    expect(store.getState().rows.map((r) => r.id)).toEqual([a.id]);
    mem.emit('delta', testDelta(1, { added: [b] }));
    expect(store.getState().rows).toHaveLength(2);
    mem.emit('delta', testDelta(4, {}));
    await settle();
    expect(mem.subscribes()).toBe(2);
    expect(store.getState().meta?.seq).toBe(9);
    expect(store.getState().connection.state).toBe('open');
    expect(store.getState().problems).toEqual(['status unavailable: getStatus not offered']);
    stop();
  });

  it('says in words when the service cannot be reached', async () => {
    const store = createSocketStore({ schedule: (f) => f() });
    const { stop } = connectStore(store, () => Promise.reject(new Error('connection refused')));
    await settle();
    expect(store.getState().connection).toEqual({
      state: 'error',
      detail: 'cannot reach the port service: connection refused',
    });
    stop();
  });

  it('asks for the names its rows need once, fills the service column, and retries after a failure', async () => {
    const web = testSocket({ localPort: 443, state: 'LISTEN', remotePort: 0, remoteAddress: '0.0.0.0' });
    const mem = memoryBridge([testSnapshot([a, web], 1)], { '443/tcp': 'https', '5432/tcp': 'postgresql' });
    const store = createSocketStore({ schedule: (f) => f() });
    const { stop } = connectStore(store, async () => mem.bridge);
    await settle();
    expect(mem.asked).toEqual([['5432/tcp', '443/tcp']]);
    const service = (id: string) => store.getState().live.get(id)?.servicePick;
    expect(service(a.id)).toEqual({ name: 'postgresql', side: 'remote', key: '5432/tcp' });
    expect(service(web.id)).toEqual({ name: 'https', side: 'local', key: '443/tcp' });
    // b talks to the same remote port: nothing new to ask. An unnamed port is asked once only.
    mem.emit('delta', testDelta(1, { added: [b, testSocket({ localPort: 40003, remotePort: 9 })] }));
    await settle();
    mem.emit('delta', testDelta(2, { added: [testSocket({ localPort: 40004, remotePort: 9 })] }));
    await settle();
    expect(mem.asked).toEqual([['5432/tcp', '443/tcp'], ['9/tcp']]);
    expect(store.getState().live.get(b.id)?.service).toBe('postgresql');
    stop();

    const failing = memoryBridge([testSnapshot([a], 1)]);
    const other = createSocketStore({ schedule: (f) => f() });
    const second = connectStore(other, async () => failing.bridge);
    await settle();
    expect(other.getState().problems).toContain('service names unavailable: getServiceNames not offered');
    expect(other.takeServiceKeys(10)).toEqual(['5432/tcp']);
    second.stop();
  });

  it('asks host names once after subscribing, then takes pushed names: the remote column and remote: globs use them', async () => {
    const gh = testSocket({ localPort: 40010, remoteAddress: '140.82.112.3', remotePort: 443 });
    const local = testSocket({ localPort: 40011, remoteAddress: '::ffff:127.0.0.1', remotePort: 8080, family: 6 });
    const mem = memoryBridge([testSnapshot([gh, local], 1)], {}, { '::ffff:127.0.0.1': 'localhost' });
    const store = createSocketStore({ schedule: (f) => f() });
    const { stop } = connectStore(store, async () => mem.bridge);
    await settle();
    expect(mem.hostAsks).toEqual([['140.82.112.3', '::ffff:127.0.0.1']]);
    expect(store.getState().live.get(local.id)?.remoteHost).toBe('localhost');
    expect(store.getState().live.get(gh.id)?.remoteHost).toBeNull();
    // The service pushes a name found later, keyed by its own spelling.
    mem.emit('hostNames', { names: { '140.82.112.3': 'lb-140-82-112-3-iad.github.com' } });
    expect(store.getState().live.get(gh.id)?.remoteHost).toBe('lb-140-82-112-3-iad.github.com');
    store.setFilter('remote:*.github.com');
    expect(store.getState().rows.map((r) => r.id)).toEqual([gh.id]);
    store.setFilter('remote:localhost');
    expect(store.getState().rows.map((r) => r.id)).toEqual([local.id]);
    // "Resolve names" off: numbers, and names no longer match.
    store.setResolvingNames(false);
    expect(store.getState().rows).toEqual([]);
    store.setFilter('');
    expect(store.getState().live.get(gh.id)?.remoteHost).toBeNull();
    stop();
  });
});
