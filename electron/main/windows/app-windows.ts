/**
 * The app's two windows: the main window (full UI, route #/) created on demand and destroyed on
 * close, and the tray popover (route #/glance), frameless, placed at the tray, hidden on blur.
 * Closing either never quits: the tray keeps the app alive. Placement and click decisions are
 * pure (popover-position.ts, window-policy.ts); this file only applies them.
 */
import { app, screen } from 'electron';
import type { BrowserWindow, Rectangle } from 'electron';
import { appUrl } from '../security/app-origin';
import { popoverPosition } from '../tray/popover-position';
import { createSecureWindow } from './secure-window';
import { dockVisible, trayClickAction } from './window-policy';

/** The popover's size in DIPs. */
export const POPOVER_SIZE = { width: 380, height: 520 };
const BACKGROUND = '#0b1220';

/** What the windows need from the app. */
export interface AppWindowsOptions {
  preload: string;
  devTools: boolean;
  platform: NodeJS.Platform;
  /** A window icon for Linux (other platforms take it from the bundle). */
  linuxIcon: string | null;
  log: (message: string) => void;
}

/** Opens, toggles and lists the windows. */
export interface AppWindows {
  openMain(): BrowserWindow;
  togglePopover(trayBounds: Rectangle): 'show' | 'hide' | 'ignore';
  mainWindow(): BrowserWindow | null;
  popover(): BrowserWindow | null;
  destroyAll(): void;
}

/** Creates the window manager; no window exists until one is asked for. */
export function createAppWindows(options: AppWindowsOptions): AppWindows {
  let main: BrowserWindow | null = null;
  let pop: BrowserWindow | null = null;
  let popHiddenAt: number | null = null;

  const applyDock = () => {
    const visible = dockVisible({ platform: options.platform, mainWindowOpen: main !== null });
    if (visible === true) void app.dock?.show();
    if (visible === false) app.dock?.hide();
  };

  const load = (win: BrowserWindow, route: 'main' | 'glance') => {
    win.loadURL(appUrl(route)).catch((err: unknown) => options.log(`Could not load the ${route} view: ${String(err)}`));
  };

  const openMain = (): BrowserWindow => {
    if (main && !main.isDestroyed()) {
      if (main.isMinimized()) main.restore();
      main.show();
      main.focus();
      return main;
    }
    const win = createSecureWindow(
      {
        width: 1280,
        height: 800,
        minWidth: 900,
        minHeight: 560,
        title: 'Ephemera',
        backgroundColor: BACKGROUND,
        ...(options.platform === 'linux' && options.linuxIcon ? { icon: options.linuxIcon } : {}),
      },
      options.preload,
      options.devTools,
    );
    main = win;
    win.once('ready-to-show', () => win.show());
    win.on('closed', () => {
      if (main === win) main = null;
      applyDock();
    });
    load(win, 'main');
    applyDock();
    return win;
  };

  const createPopover = (): BrowserWindow => {
    const win = createSecureWindow(
      {
        ...POPOVER_SIZE,
        frame: false,
        resizable: false,
        movable: false,
        minimizable: false,
        maximizable: false,
        fullscreenable: false,
        skipTaskbar: true,
        alwaysOnTop: true,
        title: 'Ephemera glance',
        backgroundColor: BACKGROUND,
      },
      options.preload,
      options.devTools,
    );
    win.on('blur', () => {
      if (!win.isVisible()) return;
      win.hide();
      popHiddenAt = Date.now();
    });
    win.on('closed', () => {
      if (pop === win) pop = null;
    });
    load(win, 'glance');
    return win;
  };

  const togglePopover = (trayBounds: Rectangle): 'show' | 'hide' | 'ignore' => {
    const win = pop && !pop.isDestroyed() ? pop : (pop = createPopover());
    const action = trayClickAction({ visible: win.isVisible(), hiddenAt: popHiddenAt, now: Date.now() });
    if (action === 'hide') {
      win.hide();
      popHiddenAt = Date.now();
    }
    if (action !== 'show') return action;
    const cursor = screen.getCursorScreenPoint();
    const empty = trayBounds.width <= 0 || trayBounds.height <= 0;
    const display = screen.getDisplayNearestPoint(empty ? cursor : { x: trayBounds.x, y: trayBounds.y });
    const place = popoverPosition({ tray: trayBounds, window: POPOVER_SIZE, workArea: display.workArea, display: display.bounds, cursor });
    win.setBounds({ x: place.x, y: place.y, ...POPOVER_SIZE });
    win.show();
    win.focus();
    return action;
  };

  return {
    openMain,
    togglePopover,
    mainWindow: () => (main && !main.isDestroyed() ? main : null),
    popover: () => (pop && !pop.isDestroyed() ? pop : null),
    destroyAll: () => {
      for (const win of [main, pop]) if (win && !win.isDestroyed()) win.destroy();
      main = null;
      pop = null;
    },
  };
}
