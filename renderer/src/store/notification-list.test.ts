import { describe, expect, it } from 'vitest';
import type { Notification } from '../../../shared/contract';
import { addNotification, createNotificationQueue, expireInfo, INFO_DISMISS_MS, nextInfoExpiry } from './notification-list';

const note = (id: string, level: Notification['level'] = 'info'): Notification => ({
  id,
  time: 1,
  kind: level === 'info' ? 'new-listener' : 'exhaustion',
  level,
  title: id,
  body: '',
});

describe('notification list', () => {
  it('keeps the newest first, replaces an id it has, and keeps at most the limit', () => {
    let list = addNotification([], note('a'), 0);
    list = addNotification(list, note('b'), 1);
    list = addNotification(list, note('a'), 2);
    expect(list.map((n) => [n.id, n.receivedAt])).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
    for (let i = 0; i < 30; i += 1) list = addNotification(list, note(`n${i}`), 10 + i);
    expect(list).toHaveLength(20);
    expect(list[0]?.id).toBe('n29');
  });

  it('lets info go after INFO_DISMISS_MS; warnings stay', () => {
    let list = addNotification([], note('first'), 0);
    list = addNotification(list, note('i'), 100);
    list = addNotification(list, note('w', 'warning'), 200);
    list = addNotification(list, note('c', 'critical'), 300);
    expect(nextInfoExpiry(list)).toBe(INFO_DISMISS_MS);
    expect(expireInfo(list, INFO_DISMISS_MS - 1)).toBe(list);
    expect(expireInfo(list, INFO_DISMISS_MS).map((n) => n.id)).toEqual(['c', 'w', 'i']);
    expect(expireInfo(list, INFO_DISMISS_MS + 100).map((n) => n.id)).toEqual(['c', 'w']);
    expect(nextInfoExpiry(expireInfo(list, INFO_DISMISS_MS + 100))).toBeNull();
  });

  it('as a queue, arms one timer for the soonest info entry and reports every change', () => {
    let clock = 0;
    const timers: Array<{ fn: () => void; at: number }> = [];
    let changes = 0;
    const q = createNotificationQueue(
      () => clock,
      (fn, ms) => {
        const t = { fn, at: clock + ms };
        timers.push(t);
        return () => timers.splice(timers.indexOf(t), 1);
      },
      () => (changes += 1),
    );
    q.push(note('i'));
    q.push(note('w', 'warning'));
    expect(timers).toHaveLength(1);
    clock = timers[0]!.at;
    timers[0]!.fn();
    expect(q.list().map((n) => n.id)).toEqual(['w']);
    expect(timers).toHaveLength(0);
    q.dismiss('w');
    expect(q.list()).toEqual([]);
    q.push(note('x', 'critical'));
    q.dismissAll();
    expect(changes).toBe(6);
  });
});
