import { describe, expect, it } from 'vitest';
import { EVENT_NAMES } from '../../../shared/contract';
import type { EventName, EventSubscriber, Notification } from '../../../shared/contract';
import { createEventFanout } from './event-fanout';
import type { EventTarget } from './event-fanout';

/** A tiny real emitter with the contract's subscriber signature. */
function emitter() {
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  const on: EventSubscriber = (event, listener) => {
    const set = listeners.get(event) ?? new Set();
    set.add(listener as (payload: never) => void);
    listeners.set(event, set);
    return () => void set.delete(listener as (payload: never) => void);
  };
  const emit = (event: EventName, payload: unknown) => {
    for (const l of listeners.get(event) ?? []) (l as (p: unknown) => void)(payload);
  };
  const count = () => [...listeners.values()].reduce((n, s) => n + s.size, 0);
  return { on, emit, count };
}

function target() {
  const sent: Array<[string, unknown]> = [];
  let destroyed = false;
  const t: EventTarget & { sent: typeof sent; destroy(): void } = {
    sent,
    isDestroyed: () => destroyed,
    send: (channel, payload) => void sent.push([channel, payload]),
    destroy: () => void (destroyed = true),
  };
  return t;
}

const note: Notification = { id: 'n1', time: 1, kind: 'new-listener', level: 'info', title: 'New listener', body: ':8080' };

describe('createEventFanout', () => {
  it('listens to every contract event and forwards only to added targets, on the event channel', () => {
    const service = emitter();
    const fanout = createEventFanout(service.on);
    expect(service.count()).toBe(EVENT_NAMES.length);
    const a = target();
    const b = target();
    service.emit('notification', note);
    fanout.add(a);
    service.emit('notification', note);
    expect(a.sent).toEqual([['ephemera:event:notification', note]]);
    expect(b.sent).toEqual([]);
  });

  it('drops destroyed targets and stops listening on close', () => {
    const service = emitter();
    const fanout = createEventFanout<ReturnType<typeof target>>(service.on);
    const a = target();
    fanout.add(a);
    a.destroy();
    service.emit('notification', note);
    expect(a.sent).toEqual([]);
    expect(fanout.size()).toBe(0);
    fanout.close();
    expect(service.count()).toBe(0);
  });
});
