/**
 * The tray's context menu as data: which items, their labels, checks and enabled states follow
 * from plain state, and each item names an action instead of holding a closure, so the menu is
 * tested without Electron and the glue maps actions to handlers in one place.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { TrayListener } from './tray-listeners';
import { listenerLabel } from './tray-listeners';

/** What the menu depends on. */
export interface TrayMenuState {
  paused: boolean;
  launchAtLogin: boolean;
  /** False until the service answered once, and while an export is being written. */
  canExport: boolean;
  /** False where the OS offers no login items (e.g. Linux without a desktop session). */
  loginItemsSupported: boolean;
  /** This user's listeners for the "Listening ports" submenu (see listeningPorts); absent = none known yet. */
  listeners?: readonly TrayListener[];
}

/** Everything the menu can ask the app to do. */
export type TrayAction = 'open' | 'toggle-pause' | 'export' | 'toggle-launch-at-login' | 'quit';

/** One menu entry; separators carry no action, a note is a disabled line. */
export type TrayMenuItem =
  | { type: 'separator' }
  | { type: 'normal' | 'checkbox'; action: TrayAction; label: string; checked?: boolean; enabled: boolean }
  | { type: 'end-process'; target: TrayListener; label: string; enabled: boolean }
  | { type: 'note'; label: string }
  | { type: 'submenu'; label: string; items: TrayMenuItem[]; enabled: boolean };

/** The handlers of the menu: one per action, and one for "End <process>…" (which confirms first). */
export type TrayHandlers = Record<TrayAction, () => void> & { endProcess?: (target: TrayListener) => void };

/** The "Listening ports" submenu: one submenu per listener, each with its "End … (pid N)…" item. */
export function listeningPortsMenu(listeners: readonly TrayListener[] | undefined): TrayMenuItem {
  const items: TrayMenuItem[] =
    listeners === undefined || listeners.length === 0
      ? [{ type: 'note', label: listeners === undefined ? 'Waiting for the first sample…' : 'None of yours right now' }]
      : listeners.map((l) => ({
          type: 'submenu',
          label: listenerLabel(l),
          enabled: true,
          items: [{ type: 'end-process', target: l, label: `End ${l.name} (pid ${l.pid})…`, enabled: true }],
        }));
  return { type: 'submenu', label: 'Listening ports', items, enabled: true };
}

/** The context menu for a state. */
export function trayMenuTemplate(state: TrayMenuState): TrayMenuItem[] {
  return [
    { type: 'normal', action: 'open', label: 'Open Ephemera', enabled: true },
    listeningPortsMenu(state.listeners),
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
export function toMenuOptions(items: TrayMenuItem[], handlers: TrayHandlers): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    if (item.type === 'separator') return { type: 'separator' };
    if (item.type === 'note') return { type: 'normal', label: item.label, enabled: false };
    if (item.type === 'submenu') return { type: 'submenu', label: item.label, enabled: item.enabled, submenu: toMenuOptions(item.items, handlers) };
    if (item.type === 'end-process') {
      const target = item.target;
      return { type: 'normal', label: item.label, enabled: item.enabled && handlers.endProcess !== undefined, click: () => handlers.endProcess?.(target) };
    }
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
