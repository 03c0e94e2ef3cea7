/**
 * The one origin our UI is served from: app://ephemera. A custom standard, secure scheme gives
 * the renderer a real origin of its own (file:// pages share one opaque origin with every local
 * file), lets main send a CSP header, and gives IPC a single exact origin to trust.
 */

/** The scheme registered as privileged before the app is ready. */
export const APP_SCHEME = 'app';
/** The host part; every file of out/renderer lives under it. */
export const APP_HOST = 'ephemera';
/** The origin a trusted frame must have. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** Which screen of the renderer a window shows (the routes H5's renderer serves). */
export type AppRoute = 'main' | 'glance';

/** The URL a window loads for a route: the full UI or the tray glance. */
export function appUrl(route: AppRoute): string {
  return `${APP_ORIGIN}/index.html#/${route === 'glance' ? 'glance' : ''}`;
}

/** True when a URL belongs to our own app origin; anything unparsable is not ours. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}
