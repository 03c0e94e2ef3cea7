/**
 * The page's route from the URL hash: `#/glance` is the tray popover (glance only), anything
 * else the main window. A hash keeps routing working from file:// in Electron.
 */
import { useSyncExternalStore } from 'react';

/** Which layout to render. */
export type Route = 'glance' | 'main';

/** Route of a hash string. */
function routeOf(hash: string): Route {
  return /^#\/glance\b/.test(hash) ? 'glance' : 'main';
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** The current route; re-renders on hash changes. */
export function useHashRoute(): Route {
  return useSyncExternalStore(subscribe, () => routeOf(window.location.hash));
}
