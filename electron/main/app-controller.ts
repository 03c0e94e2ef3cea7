/**
 * Wires the desktop app once Electron is ready: settings, the hardened session and app://
 * protocol, the port service (sampling in its worker thread), typed IPC, the tray with its
 * menu and live tooltip, the windows, export, launch at login and an orderly quit.
 * Every decision it applies comes from a pure, tested module; this file only connects them.
 */
import { join } from 'node:path';
import { app, dialog, nativeTheme, Notification, screen, session } from 'electron';
import { formatBytes } from '../../shared/format';
import { gateActions } from '../core/actions/action-gate';
import { createPortService } from '../core/service/port-service';
import type { PortService } from '../core/service/port-service';
import { trayIconFile } from './app-paths';
import type { AppPaths } from './app-paths';
import { installE2eHooks } from './e2e-hooks';
import { exportDialogOptions, resolveExportTarget } from './export-target';
import { registerPortIpc } from './ipc/register';
import { HIDDEN_FLAG } from './launch-options';
import type { LaunchOptions } from './launch-options';
import { forwardNotifications } from './native-notifications';
import { CAPTURE_DIALOG, withCapturePicker } from './capture-picker';
import { persistIntervalChanges, persistResolveNames, persistWatchedPorts } from './persisted-api';
import { guardAllContents, lockDownPermissions, serveRenderer } from './security/harden';
import { loadSettings } from './settings';
import { createSettingsStore } from './settings-store';
import type { SettingsStore } from './settings-store';
import { followService } from './tray/figures-feed';
import { createFiguresTracker } from './tray/tray-figures';
import { createTrayController } from './tray/tray-controller';
import { CONFIRM_BUTTON, confirmEndBox, resultBox } from './tray/tray-end';
import type { TrayListener } from './tray/tray-listeners';
import { followListeners } from './tray/listeners-feed';
import type { TrayController } from './tray/tray-controller';
import { createAppWindows } from './windows/app-windows';
import type { AppWindows } from './windows/app-windows';

/** What index.ts hands over. */
export interface AppContext {
  launch: LaunchOptions;
  paths: AppPaths;
  platform: NodeJS.Platform;
  log: (message: string) => void;
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Starts everything; resolves once the tray exists and the first window (if any) is opening. */
export async function startApp(ctx: AppContext): Promise<void> {
  const { log, platform, paths } = ctx;
  const userData = app.getPath('userData');
  const loaded = await loadSettings(userData, { log });
  const settings = createSettingsStore(userData, loaded.settings);
  nativeTheme.themeSource = settings.get().theme;

  guardAllContents(log);
  lockDownPermissions(session.defaultSession);
  serveRenderer(session.defaultSession, paths.rendererDir);

  const service = createPortService({
    intervalMs: settings.get().intervalMs,
    watchedPorts: settings.get().watchedPorts,
    resolveNames: settings.get().resolveNames,
  });
  const withInterval = persistIntervalChanges(service, (ms) => settings.update({ intervalMs: ms }), log);
  const withPorts = persistWatchedPorts(withInterval, (ports) => settings.update({ watchedPorts: ports }), log);
  const withNames = persistResolveNames(withPorts, (on) => settings.update({ resolveNames: on }), log);
  const api = withCapturePicker(withNames, async () => {
    const choice = await dialog.showOpenDialog(CAPTURE_DIALOG);
    return choice.canceled ? null : (choice.filePaths[0] ?? null);
  });
  // The renderer must preview an action and pass its nonce; the tray confirms natively below.
  const stopIpc = registerPortIpc(gateActions(api, 'confirmed'), service.on, log);
  const stopNotes = forwardNotifications(service.on, (n) => void (Notification.isSupported() && new Notification(n).show()), log);

  const windows = createAppWindows({
    preload: paths.preload,
    devTools: !app.isPackaged,
    platform,
    linuxIcon: join(paths.trayDir, 'tray-48.png'),
    log,
  });

  const state: { paused: boolean; exporting: boolean; ready: boolean; listeners?: TrayListener[] } = { paused: false, exporting: false, ready: false };
  const exportTo = async (chosen: string) => {
    const target = resolveExportTarget(chosen);
    state.exporting = true;
    tray.refreshMenu();
    try {
      return await service.writeExport(target.format, target.path);
    } finally {
      state.exporting = false;
      tray.refreshMenu();
    }
  };

  const tray: TrayController = createTrayController({
    iconPath: join(paths.trayDir, trayIconFile(platform, screen.getPrimaryDisplay().scaleFactor)),
    platform,
    menuState: () => ({
      paused: state.paused,
      launchAtLogin: settings.get().launchAtLogin,
      canExport: state.ready && !state.exporting,
      loginItemsSupported: platform === 'darwin' || platform === 'win32',
      listeners: state.listeners,
    }),
    actions: {
      open: () => void windows.openMain(),
      'toggle-pause': () => void (state.paused ? service.resume({}) : service.pause({})).catch((err) => log(`Pause/resume failed: ${errorText(err)}`)),
      export: () => void exportWithDialog(exportTo, log),
      'toggle-launch-at-login': () => void setLaunchAtLogin(!settings.get().launchAtLogin, settings, log).then(() => tray.refreshMenu()),
      quit: () => app.quit(),
      endProcess: (target) => void endFromTray(service, target, log),
    },
    onClick: (bounds) => void windows.togglePopover(bounds),
    log,
  });

  const stopFeed = followService(service, createFiguresTracker(), {
    figures: (figures) => {
      if (figures && !state.ready) {
        state.ready = true;
        tray.refreshMenu();
      }
      tray.showFigures(figures);
    },
    paused: (paused) => {
      state.paused = paused;
      tray.refreshMenu();
    },
    log,
  });

  const stopListeners = followListeners(service, (listeners) => {
    state.listeners = listeners;
    tray.refreshMenu();
  }, log);

  await applyLaunchAtLogin(settings.get().launchAtLogin, platform, log);
  handleLifecycle(windows, () => shutdown(service, [stopFeed, stopListeners, stopIpc, stopNotes, () => tray.destroy(), () => windows.destroyAll()], log));

  const openedAtLogin = platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin;
  if (!ctx.launch.hidden && !openedAtLogin) windows.openMain();
  else if (platform === 'darwin') app.dock?.hide();

  if (ctx.launch.e2e) {
    installE2eHooks({
      clickTray: () => tray.click(),
      popover: () => windowFacts(windows.popover()),
      mainWindow: () => windowFacts(windows.mainWindow()),
      exportTo,
      tooltip: () => tray.tooltip(),
    });
  }
}

function windowFacts(win: Electron.BrowserWindow | null): { visible: boolean; url: string } | null {
  return win ? { visible: win.isVisible(), url: win.webContents.getURL() } : null;
}

/** The tray's Export snapshot…: save dialog, write, then a notification or an error box. */
async function exportWithDialog(exportTo: (path: string) => Promise<{ path: string; bytes: number }>, log: (m: string) => void): Promise<void> {
  const choice = await dialog.showSaveDialog(exportDialogOptions(Date.now(), app.getPath('downloads')));
  if (choice.canceled || !choice.filePath) return;
  try {
    const written = await exportTo(choice.filePath);
    if (Notification.isSupported()) new Notification({ title: 'Snapshot exported', body: `${formatBytes(written.bytes)} written to ${written.path}` }).show();
  } catch (err) {
    log(`Export failed: ${errorText(err)}`);
    dialog.showErrorBox('Export failed', `Nothing was written to ${choice.filePath}.\n${errorText(err)}`);
  }
}

/** The tray's "End <process>…": preview, native confirmation, then the action and its result. */
async function endFromTray(service: PortService, target: TrayListener, log: (m: string) => void): Promise<void> {
  try {
    const preview = await service.previewAction({ kind: 'end-process', processes: [{ pid: target.pid, startTime: target.startTime }] });
    const choice = await dialog.showMessageBox(confirmEndBox(preview));
    if (!preview.actionable || choice.response !== CONFIRM_BUTTON) return;
    const result = await service.endProcess({ pid: target.pid, startTime: target.startTime, signal: 'term', nonce: preview.nonce });
    await dialog.showMessageBox(resultBox(result));
  } catch (err) {
    log(`End process from the tray failed: ${errorText(err)}`);
  }
}

/** Registers or removes the login item (macOS, Windows) to match the setting. */
async function applyLaunchAtLogin(on: boolean, platform: NodeJS.Platform, log: (m: string) => void): Promise<void> {
  if (platform !== 'darwin' && platform !== 'win32') return;
  try {
    if (app.getLoginItemSettings().openAtLogin === on) return;
    app.setLoginItemSettings({ openAtLogin: on, args: [HIDDEN_FLAG] });
  } catch (err) {
    log(`Launch at login could not be changed: ${errorText(err)}`);
  }
}

async function setLaunchAtLogin(on: boolean, settings: SettingsStore, log: (m: string) => void): Promise<void> {
  await applyLaunchAtLogin(on, process.platform, log);
  await settings.update({ launchAtLogin: on }).catch((err: unknown) => log(errorText(err)));
}

/** Keeps the tray app alive with no windows, reopens the main window on demand, quits in order. */
function handleLifecycle(windows: AppWindows, shutdownOnce: () => Promise<void>): void {
  let phase: 'running' | 'closing' | 'closed' = 'running';
  app.on('window-all-closed', () => {
    // A tray app stays running without windows; Quit in the tray menu ends it.
  });
  app.on('second-instance', () => void windows.openMain());
  app.on('activate', () => void windows.openMain());
  app.on('before-quit', (event) => {
    if (phase === 'closed') return;
    event.preventDefault();
    if (phase === 'closing') return;
    phase = 'closing';
    void shutdownOnce().finally(() => {
      phase = 'closed';
      app.quit();
    });
  });
}

/** Stops listeners, windows and the tray, then the service (bounded so quitting never hangs). */
async function shutdown(service: PortService, stops: Array<() => void>, log: (m: string) => void): Promise<void> {
  for (const stop of stops) {
    try {
      stop();
    } catch (err) {
      log(`Shutdown step failed: ${errorText(err)}`);
    }
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(() => resolve(log('Service did not close within 3 s; quitting anyway')), 3000)));
  await Promise.race([service.close().catch((err: unknown) => log(`Service close failed: ${errorText(err)}`)), timeout]);
  clearTimeout(timer);
}
