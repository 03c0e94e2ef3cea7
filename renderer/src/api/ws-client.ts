/**
 * The web host's side of EphemeraBridge in the browser: contract calls over one WebSocket,
 * every answer and event checked with the contract's schemas, automatic reconnect with
 * backoff, and a resync (fresh snapshot turned into one bridging delta) whenever deltas were
 * lost, so the store above sees the same unbroken stream it gets from Electron's preload.
 */
import { z } from 'zod';
import { SubscriptionSchema, events, methods } from '../../../shared/contract';
import type { EphemeraBridge, EventName, EventSubscriber, MethodName, RequestOf, ResponseOf } from '../../../shared/contract';
import type { Delta } from '../../../shared/model';
import { ServerMessageSchema } from '../../../shared/web-protocol';
import type { ServerMessage } from '../../../shared/web-protocol';
import { advanceMirror, bridgingDelta, follows, mirrorOf } from './resync';
import type { Mirror } from './resync';

/** Connection states, for a status line. */
export type ConnectionState = 'connecting' | 'open' | 'closed';

/** How the client connects and retries. */
export interface WsClientOptions {
  url: string;
  /** First reconnect delay; doubles up to maxDelayMs. */
  minDelayMs?: number;
  maxDelayMs?: number;
  /** A call that got no answer by then is rejected. */
  callTimeoutMs?: number;
  onState?: (state: ConnectionState, detail: string) => void;
}

interface Pending {
  method: MethodName;
  resolve: (response: unknown) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
  sent: boolean;
  text: string;
}

const SUBSCRIBE = 'subscribe' satisfies MethodName;
const MAX_QUEUED = 256;

function isEventName(name: string): name is EventName {
  return Object.hasOwn(events, name);
}

/** Opens the socket; resolves with a bridge once it is open, rejects if the first attempt fails. */
export function connectWebSocketBridge(options: WsClientOptions): Promise<EphemeraBridge> {
  const minDelay = options.minDelayMs ?? 250;
  const maxDelay = options.maxDelayMs ?? 5000;
  const timeoutMs = options.callTimeoutMs ?? 30_000;
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const pending = new Map<number, Pending>();
  let socket: WebSocket | null = null;
  let nextId = 1;
  let delay = minDelay;
  let everOpened = false;
  let mirror: Mirror | null = null;
  let resyncing = false;

  const state = (s: ConnectionState, detail: string): void => options.onState?.(s, detail);
  const emit = (event: EventName, payload: unknown): void => {
    for (const listener of listeners.get(event) ?? []) {
      try {
        listener(payload);
      } catch (err) {
        console.error(`ephemera: a '${event}' listener threw`, err);
      }
    }
  };

  const rawCall = (method: MethodName, request: unknown): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const queued = [...pending.values()].filter((p) => !p.sent).length;
      if (queued >= MAX_QUEUED) return reject(new Error(`${method}: not connected to the web host and ${queued} calls are waiting`));
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`${method}: no answer from the web host within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      const text = JSON.stringify({ t: 'call', id, method, request });
      const entry: Pending = { method, resolve, reject, timer, sent: false, text };
      pending.set(id, entry);
      if (socket?.readyState === WebSocket.OPEN) {
        socket.send(text);
        entry.sent = true;
      }
    });

  const resync = async (reason: string): Promise<void> => {
    if (resyncing || !mirror) return;
    resyncing = true;
    try {
      const fresh = SubscriptionSchema.parse(await rawCall(SUBSCRIBE, {}));
      const base = mirror;
      mirror = mirrorOf(fresh.snapshot);
      emit('delta', bridgingDelta(base, fresh.snapshot));
      emit('churn', fresh.churn);
    } catch (err) {
      console.warn(`ephemera: resync after "${reason}" failed; retrying on the next delta`, err);
      if (mirror) mirror.seq = -1;
    } finally {
      resyncing = false;
    }
  };

  const onDelta = (delta: Delta): void => {
    if (!mirror) return emit('delta', delta);
    if (resyncing) return;
    if (!follows(mirror, delta)) return void resync(`delta ${delta.seq} does not follow ${mirror.seq}`);
    advanceMirror(mirror, delta);
    emit('delta', delta);
  };

  const onEvent = (name: string, payload: unknown): void => {
    if (!isEventName(name)) return console.warn(`ephemera: unknown event '${name}' ignored`);
    const parsed = events[name].safeParse(payload);
    if (!parsed.success) {
      console.warn(`ephemera: '${name}' event did not match the contract: ${z.prettifyError(parsed.error)}`);
      if (name === 'delta' && mirror) void resync('malformed delta');
      return;
    }
    if (name === 'delta') onDelta(parsed.data as Delta);
    else emit(name, parsed.data);
  };

  const onResult = (message: Extract<ServerMessage, { t: 'result' }>): void => {
    if (message.id === null) return console.warn(`ephemera: the web host refused a message: ${message.ok ? '' : message.error}`);
    const entry = pending.get(message.id);
    if (!entry) return;
    pending.delete(message.id);
    clearTimeout(entry.timer);
    if (message.ok) entry.resolve(message.response);
    else entry.reject(new Error(message.error));
  };

  const onMessage = (data: unknown): void => {
    let value: unknown;
    try {
      value = JSON.parse(typeof data === 'string' ? data : '');
    } catch {
      return console.warn('ephemera: the web host sent a message that is not JSON');
    }
    const parsed = ServerMessageSchema.safeParse(value);
    if (!parsed.success) return console.warn('ephemera: the web host sent a message outside the protocol');
    const message = parsed.data;
    if (message.t === 'result') onResult(message);
    else if (message.t === 'event') onEvent(message.event, message.payload);
    else void resync(message.reason);
  };

  const dropSent = (why: string): void => {
    for (const [id, entry] of pending) {
      if (!entry.sent) continue;
      pending.delete(id);
      clearTimeout(entry.timer);
      entry.reject(new Error(`${entry.method}: ${why}`));
    }
  };

  const open = (first: (ok: boolean) => void): void => {
    state('connecting', options.url);
    const ws = new WebSocket(options.url);
    socket = ws;
    ws.onopen = () => {
      const reconnect = everOpened;
      everOpened = true;
      delay = minDelay;
      state('open', options.url);
      for (const entry of pending.values()) {
        if (!entry.sent) {
          ws.send(entry.text);
          entry.sent = true;
        }
      }
      first(true);
      if (reconnect && mirror) void resync('reconnected');
    };
    ws.onmessage = (event) => onMessage(event.data);
    ws.onclose = (event) => {
      socket = null;
      dropSent('the connection to the web host was lost before it answered');
      state('closed', `closed (${event.code}); retrying in ${delay} ms`);
      first(false);
      if (!everOpened) return;
      setTimeout(() => open(() => {}), delay);
      delay = Math.min(maxDelay, delay * 2);
    };
  };

  const call = async <M extends MethodName>(method: M, request: RequestOf<M>): Promise<ResponseOf<M>> => {
    const checked = methods[method].request.safeParse(request);
    if (!checked.success) throw new Error(`${method}: invalid request: ${z.prettifyError(checked.error)}`);
    const response = await rawCall(method, checked.data);
    const parsed = methods[method].response.safeParse(response);
    if (!parsed.success) throw new Error(`${method}: the web host's answer did not match the contract: ${z.prettifyError(parsed.error)}`);
    if (method === SUBSCRIBE) mirror = mirrorOf((parsed.data as ResponseOf<typeof SUBSCRIBE>).snapshot);
    return parsed.data as ResponseOf<M>;
  };

  const on: EventSubscriber = (event, listener) => {
    const set = listeners.get(event) ?? new Set();
    const entry = listener as (payload: unknown) => void;
    set.add(entry);
    listeners.set(event, set);
    return () => void set.delete(entry);
  };

  return new Promise((resolve, reject) => {
    open((ok) => {
      if (ok) resolve({ call, on });
      else if (!everOpened) {
        reject(new Error(`cannot reach the Ephemera web host at ${options.url}: open the address it printed (it carries the access token)`));
      }
    });
  });
}
