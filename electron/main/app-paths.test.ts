import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAppPaths, trayIconFile } from './app-paths';

const repo = join(import.meta.dirname, '..', '..');

describe('resolveAppPaths', () => {
  it('finds preload, renderer and tray images next to out/node/main.js in development', () => {
    const paths = resolveAppPaths({ mainDir: join(repo, 'out', 'node'), resourcesPath: '/ignored', isPackaged: false });
    expect(paths).toEqual({
      preload: join(repo, 'out', 'preload', 'preload.cjs'),
      rendererDir: join(repo, 'out', 'renderer'),
      trayDir: join(repo, 'build', 'tray'),
    });
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      expect(existsSync(join(paths.trayDir, trayIconFile(platform, 1))), platform).toBe(true);
    }
    expect(existsSync(join(paths.trayDir, 'trayTemplate@2x.png'))).toBe(true);
  });

  it('takes tray images from resources/tray once packaged', () => {
    const paths = resolveAppPaths({ mainDir: '/opt/Ephemera/resources/app/out/node', resourcesPath: '/opt/Ephemera/resources', isPackaged: true });
    expect(paths.trayDir).toBe('/opt/Ephemera/resources/tray');
    expect(paths.preload).toBe('/opt/Ephemera/resources/app/out/preload/preload.cjs');
  });
});

describe('trayIconFile', () => {
  it('uses a template on macOS, the .ico on Windows and a scale-matched PNG on Linux', () => {
    expect(trayIconFile('darwin', 2)).toBe('trayTemplate.png');
    expect(trayIconFile('win32', 1.5)).toBe('tray.ico');
    expect(trayIconFile('linux', 1)).toBe('tray-22.png');
    expect(trayIconFile('linux', 1.5)).toBe('tray-32.png');
    expect(trayIconFile('linux', 2)).toBe('tray-48.png');
    expect(trayIconFile('linux', 0)).toBe('tray-22.png');
    expect(trayIconFile('freebsd', Number.NaN)).toBe('tray-22.png');
  });
});
