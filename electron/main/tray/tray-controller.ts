/**
 * The tray icon: its image per platform, a click that toggles the popover, the context menu
 * (rebuilt from state), and the tooltip/title with live figures at most once a second.
 * On Linux the menu must be attached (there are no right-click events); elsewhere it pops up on
 * right-click so a left click stays free for the popover.
 */
import { Menu, Tray, nativeImage } from 'electron';
import type { Rectangle } from 'electron';
import { createThrottle, systemClock } from './throttle';
import type { TrayFigures } from './tray-figures';
import { toMenuOptions, trayMenuTemplate } from './tray-menu';
import type { TrayHandlers, TrayMenuState } from './tray-menu';
import { tooltipText, trayTitle } from './tray-text';

/** What the tray needs from the app. */
export interface TrayControllerOptions {
  iconPath: string;
  platform: NodeJS.Platform;
  menuState(): TrayMenuState;
  actions: TrayHandlers;
  onClick(bounds: Rectangle): void;
  log(message: string): void;
}

/** The live tray. */
export interface TrayController {
  showFigures(figures: TrayFigures | null): void;
  refreshMenu(): void;
  /** Runs the click handler as a real click would (test hooks use it). */
  click(): void;
  /** The tooltip text last applied. */
  tooltip(): string;
  destroy(): void;
}

/** Creates the tray icon with its menu and tooltip. */
export function createTrayController(options: TrayControllerOptions): TrayController {
  const image = nativeImage.createFromPath(options.iconPath);
  if (image.isEmpty()) options.log(`Tray image missing or unreadable: ${options.iconPath}`);
  if (options.platform === 'darwin') image.setTemplateImage(true);
  const tray = new Tray(image);
  const buildMenu = () => Menu.buildFromTemplate(toMenuOptions(trayMenuTemplate(options.menuState()), options.actions));

  let tooltip = '';
  const throttle = createThrottle<TrayFigures | null>(
    (figures) => {
      if (tray.isDestroyed()) return;
      tooltip = tooltipText(figures);
      tray.setToolTip(tooltip);
      if (options.platform === 'darwin') tray.setTitle(trayTitle(figures), { fontType: 'monospacedDigit' });
    },
    1000,
    systemClock,
  );

  const refreshMenu = () => {
    if (options.platform === 'linux' && !tray.isDestroyed()) tray.setContextMenu(buildMenu());
  };

  const click = () => options.onClick(tray.getBounds());
  tray.on('click', click);
  if (options.platform !== 'linux') tray.on('right-click', () => tray.popUpContextMenu(buildMenu()));
  refreshMenu();
  throttle.push(null);

  return {
    showFigures: (figures) => throttle.push(figures),
    refreshMenu,
    click,
    tooltip: () => tooltip,
    destroy: () => {
      throttle.cancel();
      if (!tray.isDestroyed()) tray.destroy();
    },
  };
}
