import { describe, expect, it } from 'vitest';
import { BLUR_CLICK_GRACE_MS, dockVisible, trayClickAction } from './window-policy';

describe('trayClickAction', () => {
  it('toggles: hides a visible popover and shows a hidden one', () => {
    expect(trayClickAction({ visible: true, hiddenAt: null, now: 5000 })).toBe('hide');
    expect(trayClickAction({ visible: false, hiddenAt: null, now: 5000 })).toBe('show');
    expect(trayClickAction({ visible: false, hiddenAt: 1000, now: 5000 })).toBe('show');
  });

  it('ignores the click that just blurred (and so hid) the popover', () => {
    expect(trayClickAction({ visible: false, hiddenAt: 5000, now: 5000 + BLUR_CLICK_GRACE_MS - 1 })).toBe('ignore');
    expect(trayClickAction({ visible: false, hiddenAt: 5000, now: 5000 + BLUR_CLICK_GRACE_MS })).toBe('show');
    expect(trayClickAction({ visible: false, hiddenAt: 9000, now: 5000 })).toBe('show');
  });
});

describe('dockVisible', () => {
  it('shows the macOS dock icon only with the main window, and leaves other platforms alone', () => {
    expect(dockVisible({ platform: 'darwin', mainWindowOpen: true })).toBe(true);
    expect(dockVisible({ platform: 'darwin', mainWindowOpen: false })).toBe(false);
    expect(dockVisible({ platform: 'linux', mainWindowOpen: true })).toBeNull();
    expect(dockVisible({ platform: 'win32', mainWindowOpen: false })).toBeNull();
  });
});
