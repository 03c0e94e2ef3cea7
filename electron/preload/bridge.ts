/**
 * The renderer's whole view of the main process: `call` for the contract's methods and `on` for
 * its events, each on the channel the contract names, and nothing else. Unknown names are
 * refused here, before any IPC; listeners get the payload only, never the IpcRendererEvent
 * (whose `sender` would hand the page ipcRenderer itself).
 */
import { EVENT_NAMES, METHOD_NAMES, channelOf } from '../../shared/contract-names';
import type { EphemeraBridge, EventName, EventSubscriber, MethodName } from '../../shared/contract-names';

/** The part of ipcRenderer the bridge uses; a plain object stands in for it in tests. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

const knownMethods: ReadonlySet<string> = new Set(METHOD_NAMES);
const knownEvents: ReadonlySet<string> = new Set(EVENT_NAMES);

/** Builds the frozen { call, on } object the preload exposes as window.ephemera. */
export function createBridge(ipc: IpcRendererLike): EphemeraBridge {
  const call = ((method: MethodName, request: unknown) => {
    if (typeof method !== 'string' || !knownMethods.has(method)) {
      return Promise.reject(new Error(`Unknown Ephemera method: ${String(method).slice(0, 64)}`));
    }
    return ipc.invoke(channelOf(method, 'method'), request);
  }) as EphemeraBridge['call'];

  const on = ((event: EventName, listener: (payload: unknown) => void) => {
    if (typeof event !== 'string' || !knownEvents.has(event)) throw new Error(`Unknown Ephemera event: ${String(event).slice(0, 64)}`);
    if (typeof listener !== 'function') throw new TypeError('Ephemera event listener must be a function');
    const channel = channelOf(event, 'event');
    const relay = (_event: unknown, payload: unknown) => listener(payload);
    ipc.on(channel, relay);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      ipc.removeListener(channel, relay);
    };
  }) as EventSubscriber;

  return Object.freeze({ call, on });
}
