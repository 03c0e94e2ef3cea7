/**
 * One browser's WebSocket session: parses every incoming message before acting on it, answers
 * calls through the contract-derived dispatch, forwards service events only once the client
 * subscribed, and keeps a slow client from growing the host's memory: past a byte cap its
 * deltas are dropped and it is told to resubscribe for a fresh snapshot.
 */
import type { RawData, WebSocket } from 'ws';
import { EVENT_NAMES } from '../../shared/contract';
import type { EventName, MethodName } from '../../shared/contract';
import { deltaBytes, HELD_DELTA_BYTES } from '../../shared/delta-size';
import type { Delta } from '../../shared/model';
import { ClientMessageSchema, MAX_CALL_BYTES } from '../../shared/web-protocol';
import type { ServerMessage } from '../../shared/web-protocol';
import type { Dispatch, HostService } from './dispatch';
import { createEventGate } from './event-gate';
import type { GateStats } from './event-gate';

/** Limits of one session. */
export interface SessionLimits {
  /** Bytes queued for the client above which events are dropped. */
  maxBufferedBytes: number;
  /** Bytes queued (call answers included) above which the client is cut off. */
  maxQueuedBytes: number;
  /** Calls one client may have running at once. */
  maxInFlight: number;
}

/** Counters a test or the bench can read. */
export interface SessionStats extends GateStats {
  /** True once the client was cut off for not reading its answers. */
  cutOff: boolean;
}

interface Held {
  event: EventName;
  payload: unknown;
}

const HOLD_CAP = 256;
/** Bytes of events held while a subscribe is answered; past it deltas are lost (and a resync follows). */
export const HOLD_BYTES_CAP = HELD_DELTA_BYTES;

/** About how many bytes an event takes as JSON: a delta by its rows (deltaBytes), anything else a few kilobytes. */
export function heldBytes(event: EventName, payload: unknown): number {
  if (event !== 'delta' || typeof payload !== 'object' || payload === null) return 4096;
  const rows = (key: string): unknown[] => {
    const v: unknown = (payload as Record<string, unknown>)[key];
    return Array.isArray(v) ? v : [];
  };
  return deltaBytes({ added: rows('added') as Delta['added'], changed: rows('changed') as Delta['changed'], removed: rows('removed') as Delta['removed'] });
}

/** The one method with a side effect on the session: after it, events flow (type-checked name). */
const SUBSCRIBE = 'subscribe' satisfies MethodName;

/** Bytes of a received message. */
function rawSize(data: RawData): number {
  return Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : (data as ArrayBuffer).byteLength;
}

/** The one method whose calls may pass MAX_CALL_BYTES (up to the socket's cap, sized for an 8 MB capture). */
const CAPTURE = 'parseCapture' satisfies MethodName;
const CAPTURE_CALL = new RegExp(`^\\s*\\{\\s*"t"\\s*:\\s*"call"\\s*,\\s*"id"\\s*:\\s*\\d+\\s*,\\s*"method"\\s*:\\s*"${CAPTURE}"`);

/** True for a message past MAX_CALL_BYTES that is no parseCapture call: looked at before it is parsed. */
function oversized(data: RawData, text: string): boolean {
  return rawSize(data) > MAX_CALL_BYTES && !CAPTURE_CALL.test(text.slice(0, 200));
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}

function idOf(value: unknown): number | null {
  if (typeof value !== 'object' || value === null || !('id' in value)) return null;
  const id = value.id;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : null;
}

/** Serves one connected socket until it closes; returns its live counters. */
export function runSession(ws: WebSocket, service: HostService, dispatch: Dispatch, limits: SessionLimits): SessionStats {
  const stats: SessionStats = { droppedEvents: 0, droppedDeltas: 0, resyncs: 0, cutOff: false };
  let unsubscribes: (() => void)[] = [];
  let holding = 0;
  let held: Held[] = [];
  let heldSize = 0;
  let inFlight = 0;

  const send = (message: ServerMessage): void => {
    if (ws.readyState !== ws.OPEN) return;
    ws.send(JSON.stringify(message));
    if (ws.bufferedAmount <= limits.maxQueuedBytes) return;
    stats.cutOff = true;
    ws.terminate();
  };
  const fail = (id: number | null, error: string): void => send({ t: 'result', id, ok: false, error });
  const gate = createEventGate(() => ws.bufferedAmount, send, limits.maxBufferedBytes, stats);

  const onEvent = (event: EventName, payload: unknown): void => {
    if (holding === 0) return gate.deliver(event, payload);
    const bytes = heldBytes(event, payload);
    if (held.length < HOLD_CAP && heldSize + bytes <= HOLD_BYTES_CAP) {
      held.push({ event, payload });
      heldSize += bytes;
    } else if (event === 'delta') gate.lose();
  };
  const listen = (): void => {
    if (unsubscribes.length > 0) return;
    unsubscribes = EVENT_NAMES.map((name) => service.on(name, (payload) => onEvent(name, payload)));
  };

  const subscribe = async (id: number, request: unknown): Promise<void> => {
    const wasListening = unsubscribes.length > 0;
    listen();
    holding += 1;
    const outcome = await dispatch(SUBSCRIBE, request);
    holding -= 1;
    if (outcome.ok) {
      send({ t: 'result', id, ok: true, response: outcome.response });
      gate.reset();
      const seq = snapshotSeq(outcome.response);
      const flush = held;
      held = [];
      heldSize = 0;
      for (const item of flush) {
        if (item.event === 'delta' && deltaSeq(item.payload) <= seq) continue;
        gate.deliver(item.event, item.payload);
      }
      return;
    }
    if (!wasListening && holding === 0) stopListening();
    fail(id, outcome.error);
  };
  const stopListening = (): void => {
    for (const off of unsubscribes) off();
    unsubscribes = [];
    held = [];
    heldSize = 0;
  };

  const handle = async (data: RawData, isBinary: boolean): Promise<void> => {
    if (isBinary) return fail(null, 'binary messages are not accepted');
    const text = rawText(data);
    if (oversized(data, text)) return ws.close(1009, 'message too big');
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return fail(null, 'message is not valid JSON');
    }
    const parsed = ClientMessageSchema.safeParse(value);
    if (!parsed.success) return fail(idOf(value), 'message is not a call: expected {t:"call", id, method, request}');
    const { id, method, request } = parsed.data;
    if (inFlight >= limits.maxInFlight) return fail(id, `too many calls in flight (limit ${limits.maxInFlight})`);
    inFlight += 1;
    try {
      if (method === SUBSCRIBE) return await subscribe(id, request);
      const outcome = await dispatch(method, request);
      send(outcome.ok ? { t: 'result', id, ok: true, response: outcome.response } : { t: 'result', id, ok: false, error: outcome.error });
    } finally {
      inFlight -= 1;
    }
  };

  ws.on('message', (data, isBinary) => void handle(data, isBinary));
  ws.on('close', stopListening);
  ws.on('error', () => ws.terminate());
  return stats;
}

function seqField(value: unknown): number {
  if (typeof value !== 'object' || value === null || !('seq' in value)) return -1;
  return typeof value.seq === 'number' ? value.seq : -1;
}

function snapshotSeq(response: unknown): number {
  if (typeof response !== 'object' || response === null || !('snapshot' in response)) return -1;
  return seqField(response.snapshot);
}

function deltaSeq(payload: unknown): number {
  return seqField(payload);
}
