/**
 * How views reach the store and the service: one React context set up in main.tsx, so views
 * never import a singleton and the glance popover and the main window share the same code.
 */
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { ServiceCall } from './store/connect-store';
import type { SocketStore, StoreState } from './store/socket-store';

/** The store plus the service's call function. */
export interface AppServices {
  store: SocketStore;
  call: ServiceCall;
}

/** Provided once at the root. */
export const AppContext = createContext<AppServices | null>(null);

/** The store and call function; throws when used outside the provider (a wiring bug). */
export function useServices(): AppServices {
  const services = useContext(AppContext);
  if (!services) throw new Error('useServices must be used inside <AppContext.Provider>');
  return services;
}

/** The store's state; re-renders at most once per animation frame. */
export function useStoreState(): StoreState {
  const { store } = useServices();
  return useSyncExternalStore(store.subscribe, store.getState);
}
