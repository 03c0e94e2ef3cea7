import { describe, expect, it } from 'vitest';
import type { Notification } from '../../shared/contract';
import { createEventHub } from '../core/service/event-hub';
import { forwardNotifications, type NativeNotification } from './native-notifications';

const note = (level: Notification['level']): Notification => ({ id: `n-${level}`, time: 1, kind: 'exhaustion', level, title: `t ${level}`, body: 'b' });

describe('forwardNotifications', () => {
  it('shows each service notification with an urgency by level, until unsubscribed', () => {
    const hub = createEventHub(() => undefined);
    const shown: NativeNotification[] = [];
    const stop = forwardNotifications(hub.on, (n) => shown.push(n), () => undefined);
    hub.emit('notification', note('info'));
    hub.emit('notification', note('critical'));
    stop();
    hub.emit('notification', note('warning'));
    expect(shown).toEqual([
      { title: 't info', body: 'b', urgency: 'low' },
      { title: 't critical', body: 'b', urgency: 'critical' },
    ]);
  });

  it('logs a notification the OS refused instead of throwing into the service', () => {
    const hub = createEventHub(() => undefined);
    const logs: string[] = [];
    forwardNotifications(hub.on, () => { throw new Error('no notification daemon'); }, (m) => logs.push(m));
    hub.emit('notification', note('warning'));
    expect(logs).toEqual(['Notification not shown: no notification daemon']);
  });
});
