/**
 * Small window decisions kept pure: whether a tray click shows or hides the popover (a click
 * that blurred the popover a moment ago must not reopen it) and whether macOS shows a dock icon.
 */

/** Clicks within this long after the popover hid on blur are the same click, not a new one. */
export const BLUR_CLICK_GRACE_MS = 250;

/** What a tray click should do to the popover. */
export function trayClickAction(o: { visible: boolean; hiddenAt: number | null; now: number }): 'show' | 'hide' | 'ignore' {
  if (o.visible) return 'hide';
  if (o.hiddenAt !== null && o.now - o.hiddenAt >= 0 && o.now - o.hiddenAt < BLUR_CLICK_GRACE_MS) return 'ignore';
  return 'show';
}

/** macOS: a dock icon only while the main window is open; the popover alone never shows one. */
export function dockVisible(o: { platform: NodeJS.Platform; mainWindowOpen: boolean }): boolean | null {
  if (o.platform !== 'darwin') return null;
  return o.mainWindowOpen;
}
