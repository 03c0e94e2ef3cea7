/**
 * The tray's context menu as data: which items, their labels, checks and enabled states follow
 * from plain state, and each item names an action instead of holding a closure, so the menu is
 * tested without Electron and the glue maps actions to handlers in one place.
 */
import type { MenuItemConstructorOptions } from 'electron';

/** What the menu depends on. */
export interface TrayMenuState {
  paused: boolean;
  launchAtLogin: boolean;
  /** False until the service answered once, and while an export is being written. */
  canExport: boolean;
  /** False where the OS offers no login items (e.g. Linux without a desktop session). */
  loginItemsSupported: boolean;
}

/** Everything the menu can ask the app to do. */
export type TrayAction = 'open' | 'toggle-pause' | 'export' | 'toggle-launch-at-login' | 'quit';

/** One menu entry; separators carry no action. */
export type TrayMenuItem =
  | { type: 'separator' }
  | { type: 'normal' | 'checkbox'; action: TrayAction; label: string; checked?: boolean; enabled: boolean };

/** The context menu for a state. */
export function trayMenuTemplate(state: TrayMenuState): TrayMenuItem[] {
  return [
    { type: 'normal', action: 'open', label: 'Open Ephemera', enabled: true },
    { type: 'separator' },
    { type: 'normal', action: 'toggle-pause', label: state.paused ? 'Resume sampling' : 'Pause sampling', enabled: true },
    { type: 'normal', action: 'export', label: 'Export snapshot…', enabled: state.canExport },
    { type: 'separator' },
    {
      type: 'checkbox',
      action: 'toggle-launch-at-login',
      label: 'Launch at login',
      checked: state.launchAtLogin,
      enabled: state.loginItemsSupported,
    },
    { type: 'separator' },
    { type: 'normal', action: 'quit', label: 'Quit Ephemera', enabled: true },
  ];
}

/** Turns the data into Electron menu options, wiring each action to its handler. */
export function toMenuOptions(items: TrayMenuItem[], handlers: Record<TrayAction, () => void>): MenuItemConstructorOptions[] {
  return items.map((item) => {
    if (item.type === 'separator') return { type: 'separator' };
    const options: MenuItemConstructorOptions = {
      id: item.action,
      type: item.type,
      label: item.label,
      enabled: item.enabled,
      click: () => handlers[item.action](),
    };
    if (item.type === 'checkbox') options.checked = item.checked ?? false;
    return options;
  });
}
