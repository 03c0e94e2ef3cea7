/**
 * Where the built pieces are, from where main.js runs: out/node/main.js beside out/preload and
 * out/renderer, and the tray images in build/tray while developing or in resources/tray once
 * packaged (electron-builder's extraResources). Pure, so both layouts are tested.
 */
import { join } from 'node:path';

/** Absolute paths main needs. */
export interface AppPaths {
  preload: string;
  rendererDir: string;
  trayDir: string;
}

/** Resolves the paths for a development run or a packaged app. */
export function resolveAppPaths(o: { mainDir: string; resourcesPath: string; isPackaged: boolean }): AppPaths {
  return {
    preload: join(o.mainDir, '..', 'preload', 'preload.cjs'),
    rendererDir: join(o.mainDir, '..', 'renderer'),
    trayDir: o.isPackaged ? join(o.resourcesPath, 'tray') : join(o.mainDir, '..', '..', 'build', 'tray'),
  };
}

/** Sizes of the Linux tray PNGs scripts/make-icons.js writes. */
const LINUX_TRAY_SIZES = [16, 22, 24, 32, 48];

/**
 * The tray image for a platform: a template image on macOS (Electron picks @2x itself), the
 * multi-size .ico on Windows, and on Linux the PNG nearest 22 px times the display scale.
 */
export function trayIconFile(platform: NodeJS.Platform, scaleFactor: number): string {
  if (platform === 'darwin') return 'trayTemplate.png';
  if (platform === 'win32') return 'tray.ico';
  const want = 22 * (Number.isFinite(scaleFactor) && scaleFactor > 0 ? scaleFactor : 1);
  const best = LINUX_TRAY_SIZES.reduce((a, b) => (Math.abs(b - want) < Math.abs(a - want) ? b : a));
  return `tray-${best}.png`;
}
