/**
 * A small real event emitter with the contract's EventSubscriber signature, standing in for
 * the port service's `on` in tests of the code that listens to it.
 */
import type { EventName, EventOf, EventSubscriber } from '../../shared/contract';

/** The emitter: `on` as the service has it, `emit` to drive it, `count` of live listeners. */
export interface TestEmitter {
  on: EventSubscriber;
  emit<E extends EventName>(event: E, payload: EventOf<E>): void;
  count(): number;
}

/** Creates an emitter with no listeners. */
export function createTestEmitter(): TestEmitter {
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  const on: EventSubscriber = (event, listener) => {
    const set = listeners.get(event) ?? new Set();
    const l = listener as (payload: never) => void;
    set.add(l);
    listeners.set(event, set);
    return () => void set.delete(l);
  };
  return {
    on,
    emit: (event, payload) => {
      for (const l of [...(listeners.get(event) ?? [])]) (l as (p: unknown) => void)(payload);
    },
    count: () => [...listeners.values()].reduce((n, s) => n + s.size, 0),
  };
}
