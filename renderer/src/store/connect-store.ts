/**
 * Wires the bridge to the store: subscribe for a snapshot, then apply deltas and replace churn,
 * status and notifications as events arrive. A missed delta (DeltaGapError) resubscribes; deltas
 * that arrive while a subscribe is in flight are held and replayed after the snapshot. After each
 * update, the port keys the new rows need named go to the service in one getServiceNames call.
 */
import { deltaBytes, HELD_DELTA_BYTES } from '../../../shared/delta-size';
import { DeltaGapError } from '../../../shared/apply-delta';
import type { EphemeraBridge, MethodName, RequestOf, ResponseOf } from '../../../shared/contract';
import type { Delta } from '../../../shared/model';
import { HOST_NAME_LIMIT } from '../../../shared/destination-model';
import { SERVICE_KEY_LIMIT } from '../../../shared/service-key';
import type { SocketStore } from './socket-store';

/** How the renderer reaches the service (connectBridge in the app, a fake in tests). */
export type Connect = (
  onState: (state: 'connecting' | 'open' | 'closed', detail: string) => void,
) => Promise<EphemeraBridge>;

/** Calls into the service once it is connected; what views use for pause, details, export. */
export type ServiceCall = <M extends MethodName>(method: M, request: RequestOf<M>) => Promise<ResponseOf<M>>;

const RETRY_MS = 3000;
const HELD_LIMIT = 256;
/** After a failed getServiceNames (e.g. an older host without it), names wait this long. */
const NAMES_RETRY_MS = 30_000;

/** Human words for any thrown value. */
export function errorText(err: unknown): string {
  if (err instanceof Error) return err.message;
  return typeof err === 'string' ? err : 'unknown error';
}

/** Connects the store to the service and keeps it fed; returns the call function for views. */
export function connectStore(store: SocketStore, connect: Connect): { call: ServiceCall; stop: () => void } {
  let bridge: EphemeraBridge | null = null;
  let waiting: Array<(b: EphemeraBridge) => void> = [];
  let subscribing = false;
  let held: Delta[] = [];
  let heldBytes = 0;
  let stopped = false;
  const offs: Array<() => void> = [];
  let naming = false;
  let namesAfter = 0;

  const report = (what: string) => (err: unknown) =>
    store.setConnection({ state: 'error', detail: `${what}: ${errorText(err)}` });

  /** Asks for the names of keys the rows looked up and missed; one call in flight at a time. */
  const askNames = (): void => {
    const b = bridge;
    if (naming || !b || Date.now() < namesAfter) return;
    const keys = store.takeServiceKeys(SERVICE_KEY_LIMIT);
    if (keys.length === 0) return;
    naming = true;
    b.call('getServiceNames', { keys }).then(
      (found) => {
        naming = false;
        store.addServiceNames(found);
      },
      (err: unknown) => {
        naming = false;
        store.serviceKeysFailed(keys);
        namesAfter = Date.now() + NAMES_RETRY_MS;
        store.reportProblem(`service names unavailable: ${errorText(err)}`);
      },
    );
  };

  const onDelta = (delta: Delta): void => {
    if (subscribing) {
      // Past the cap the held deltas cannot all be kept: the snapshot being fetched is newer anyway
      // for most of them, and a gap after it is caught by applyDelta (DeltaGapError, resubscribe).
      const bytes = deltaBytes(delta);
      if (held.length < HELD_LIMIT && heldBytes + bytes <= HELD_DELTA_BYTES) {
        held.push(delta);
        heldBytes += bytes;
      }
      return;
    }
    try {
      store.applyDelta(delta);
      askNames();
    } catch (err) {
      if (err instanceof DeltaGapError) void resubscribe();
      else report('could not apply an update')(err);
    }
  };

  /**
   * Names of the rows' remote ends, asked once after each subscribe: later names come by the
   * 'hostNames' event, which the service pushes for every new row's peer without being asked.
   */
  const askHostNames = (b: EphemeraBridge): void => {
    b.call('getHostNames', { addresses: store.remoteAddresses(HOST_NAME_LIMIT) }).then(
      (r) => {
        store.setResolvingNames(r.resolving);
        store.addHostNames(r.names);
      },
      (err: unknown) => store.reportProblem(`host names unavailable: ${errorText(err)}`),
    );
    b.call('getDestinations', {}).then(
      (d) => store.setDestinations(d),
      (err: unknown) => store.reportProblem(`destinations unavailable: ${errorText(err)}`),
    );
  };

  async function resubscribe(): Promise<void> {
    if (subscribing || !bridge || stopped) return;
    subscribing = true;
    held = [];
    heldBytes = 0;
    try {
      store.load(await bridge.call('subscribe', {}));
      subscribing = false;
      askNames();
      askHostNames(bridge);
      const replay = held;
      held = [];
      heldBytes = 0;
      for (const d of replay) onDelta(d);
    } catch (err) {
      subscribing = false;
      report('subscribe failed')(err);
      setTimeout(() => void resubscribe(), RETRY_MS);
    }
  }

  async function attach(): Promise<void> {
    try {
      const b = await connect((state, detail) => store.setConnection({ state, detail }));
      if (stopped) return;
      bridge = b;
      offs.push(
        b.on('delta', onDelta),
        b.on('churn', (c) => store.setChurn(c)),
        b.on('status', (s) => store.setStatus(s)),
        b.on('notification', (n) => store.pushNotification(n)),
        b.on('hostNames', (e) => store.addHostNames(e.names)),
        b.on('destinations', (d) => store.setDestinations(d)),
      );
      for (const resolve of waiting) resolve(b);
      waiting = [];
      await resubscribe();
      b.call('getStatus', {}).then(
        (s) => store.setStatus(s),
        (err: unknown) => store.reportProblem(`status unavailable: ${errorText(err)}`),
      );
    } catch (err) {
      report('cannot reach the port service')(err);
      if (!stopped) setTimeout(() => void attach(), RETRY_MS);
    }
  }

  void attach();
  const ready = (): Promise<EphemeraBridge> =>
    bridge ? Promise.resolve(bridge) : new Promise((resolve) => waiting.push(resolve));
  return {
    call: async (method, request) => (await ready()).call(method, request),
    stop: () => {
      stopped = true;
      for (const off of offs) off();
    },
  };
}
