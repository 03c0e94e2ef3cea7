/**
 * Pushes the service's events to the windows that subscribed, on the channels the contract
 * names and only with payloads typed by the contract's `events`. A window starts receiving
 * after its own 'subscribe' call (so deltas never arrive before their snapshot) and stops when
 * it is destroyed.
 */
import { EVENT_NAMES, channelOf } from '../../../shared/contract';
import type { EventName, EventOf, EventSubscriber } from '../../../shared/contract';

/** The part of WebContents this needs. */
export interface EventTarget {
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
}

/** Sends one typed event to one target; false when the target is gone. */
export function sendEvent<E extends EventName>(target: EventTarget, event: E, payload: EventOf<E>): boolean {
  if (target.isDestroyed()) return false;
  target.send(channelOf(event, 'event'), payload);
  return true;
}

/** The set of subscribed targets and the forwarding from the service. */
export interface EventFanout<T extends EventTarget> {
  /** Adds a target; false when it was already there. */
  add(target: T): boolean;
  remove(target: T): void;
  /** How many targets receive events now. */
  size(): number;
  /** Stops listening to the service. */
  close(): void;
}

/** Subscribes to every contract event once and forwards each to the current targets. */
export function createEventFanout<T extends EventTarget>(on: EventSubscriber): EventFanout<T> {
  const targets = new Set<T>();
  const broadcast = <E extends EventName>(event: E, payload: EventOf<E>) => {
    for (const target of targets) if (!sendEvent(target, event, payload)) targets.delete(target);
  };
  const stops = EVENT_NAMES.map((event) => on(event, (payload) => broadcast(event, payload)));
  return {
    add: (target) => {
      if (targets.has(target)) return false;
      targets.add(target);
      return true;
    },
    remove: (target) => void targets.delete(target),
    size: () => targets.size,
    close: () => {
      for (const stop of stops) stop();
      targets.clear();
    },
  };
}
