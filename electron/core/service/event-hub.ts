/**
 * The service's typed event fan-out: one listener set per contract event, so every transport
 * subscribes through the same EventSubscriber and a throwing listener cannot stop a tick.
 */
import type { EventName, EventOf, EventSubscriber } from '../../../shared/contract';

/** Subscribe side for transports, emit side for the service. */
export interface EventHub {
  on: EventSubscriber;
  emit<E extends EventName>(event: E, payload: EventOf<E>): void;
  /** Listeners of an event, e.g. to skip work nobody listens to. */
  count(event: EventName): number;
}

/** A hub whose listener failures are reported through onListenerError. */
export function createEventHub(onListenerError: (message: string) => void): EventHub {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const setOf = (event: EventName): Set<(payload: unknown) => void> => {
    let set = listeners.get(event);
    if (set === undefined) {
      set = new Set();
      listeners.set(event, set);
    }
    return set;
  };
  return {
    on(event, listener) {
      const fn = listener as (payload: unknown) => void;
      setOf(event).add(fn);
      return () => {
        setOf(event).delete(fn);
      };
    },
    emit(event, payload) {
      for (const fn of [...setOf(event)]) {
        try {
          fn(payload);
        } catch (error) {
          onListenerError(`a '${event}' listener threw: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    },
    count: (event) => setOf(event).size,
  };
}
