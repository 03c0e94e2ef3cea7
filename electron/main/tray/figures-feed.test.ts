import { describe, expect, it } from 'vitest';
import type { ResponseOf } from '../../../shared/contract';
import { createTestEmitter } from '../test-emitter';
import { followService } from './figures-feed';
import { createFiguresTracker } from './tray-figures';
import type { TrayFigures } from './tray-figures';
import { churn, delta, snapshot, socket, status } from './tray-test-data';

function setup(snapshots: Array<ResponseOf<'subscribe'>>) {
  const events = createTestEmitter();
  let subscribes = 0;
  const source = {
    on: events.on,
    subscribe: async () => {
      const next = snapshots[Math.min(subscribes, snapshots.length - 1)];
      subscribes++;
      if (!next) throw new Error('service closed');
      return next;
    },
  };
  const shown: Array<TrayFigures | null> = [];
  const pauses: boolean[] = [];
  const logs: string[] = [];
  const stop = followService(source, createFiguresTracker(), { figures: (f) => shown.push(f), paused: (p) => pauses.push(p), log: (m) => logs.push(m) }, () => 0);
  return { events, shown, pauses, logs, stop, subscribes: () => subscribes };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('followService', () => {
  it('shows figures from the snapshot, then from each delta that follows', async () => {
    const s = setup([{ snapshot: snapshot([socket('a', 40000)], 5), churn: churn([]) }]);
    await settle();
    expect(s.shown.at(-1)).toEqual({ sockets: 1, ephemeral: 1, opensPerSecond: null, paused: false });
    s.events.emit('delta', delta(5, { added: [socket('b', 22)] }));
    expect(s.shown.at(-1)).toMatchObject({ sockets: 2, ephemeral: 1 });
    expect(s.subscribes()).toBe(1);
  });

  it('resubscribes after a gap and ignores deltas until the new snapshot is in', async () => {
    const s = setup([
      { snapshot: snapshot([socket('a', 40000)], 5), churn: churn([]) },
      { snapshot: snapshot([socket('a', 40000), socket('c', 41000), socket('d', 80)], 9), churn: churn([]) },
    ]);
    await settle();
    s.events.emit('delta', delta(7, { added: [socket('x', 40001)] }));
    s.events.emit('delta', delta(8, { added: [socket('y', 40002)] }));
    expect(s.subscribes()).toBe(2);
    await settle();
    expect(s.shown.at(-1)).toMatchObject({ sockets: 3, ephemeral: 2 });
    s.events.emit('delta', delta(9, { removed: [{ id: 'c', lifetimeMs: 1, lastState: 'CLOSE' }] }));
    expect(s.shown.at(-1)).toMatchObject({ sockets: 2, ephemeral: 1 });
  });

  it('reports pause changes once each and logs a failed subscribe', async () => {
    const s = setup([]);
    await settle();
    expect(s.logs).toEqual(['Tray figures: subscribe failed (service closed)']);
    s.events.emit('status', status(true));
    s.events.emit('status', status(true));
    s.events.emit('status', status(false));
    expect(s.pauses).toEqual([true, false]);
  });

  it('stops listening when stopped', async () => {
    const s = setup([{ snapshot: snapshot([]), churn: churn([]) }]);
    await settle();
    s.stop();
    expect(s.events.count()).toBe(0);
  });
});
