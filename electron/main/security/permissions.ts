/**
 * Which web permissions a page may have: none, except writing to the clipboard from our own
 * top-level page (the table's "copy rows" needs it). Camera, microphone, notifications from the
 * page, geolocation, USB, HID, serial, openExternal: all refused, for every origin.
 */
import { isAppUrl } from './app-origin';

/** Permissions our own UI legitimately uses. */
const ALLOWED_FOR_APP: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

/** The decision for one permission request or check. */
export function permissionAllowed(permission: string, requestingUrl: string | undefined, isMainFrame: boolean): boolean {
  return ALLOWED_FOR_APP.has(permission) && isMainFrame && requestingUrl !== undefined && isAppUrl(requestingUrl);
}
