import { describe, expect, it } from 'vitest';
import { EVENT_NAMES } from '../../../shared/contract';
import type { Notification } from '../../../shared/contract';
import { createTestEmitter as emitter } from '../test-emitter';
import { createEventFanout } from './event-fanout';
import type { EventTarget } from './event-fanout';

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
    expect(fanout.add(a)).toBe(true);
    expect(fanout.add(a)).toBe(false);
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
