/**
 * The one place a BrowserWindow is made, so every window gets the same hardened web
 * preferences: isolated, sandboxed, no Node, web security on, only our preload. The literal
 * stays written out here (not computed) so reviewers and Electronegativity read it as is.
 */
import { BrowserWindow } from 'electron';
import type { BrowserWindowConstructorOptions } from 'electron';

/** Everything about a window except its web preferences, which are not negotiable. */
export type WindowShape = Omit<BrowserWindowConstructorOptions, 'webPreferences' | 'show'>;

/** Creates a hidden window with the hardened preferences and the contract preload. */
export function createSecureWindow(shape: WindowShape, preload: string, devTools: boolean): BrowserWindow {
  return new BrowserWindow({
    ...shape,
    show: false,
    webPreferences: {
      preload, // eng-disable PRELOAD_JS_CHECK (reviewed: it exposes only the contract bridge, see electron/preload)
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      // Middle-click (auxclick) on a link would ask for a new window; the page has no use for it.
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
      devTools,
    },
  });
}
