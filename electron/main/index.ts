/**
 * Electron main entry (built to out/node/main.js). Reads the launch options, points userData
 * where asked, takes the single-instance lock, registers the app:// scheme and the global
 * sandbox before 'ready', then hands over to startApp. A failed start says why and exits.
 */
import { app, dialog } from 'electron';
import { startApp } from './app-controller';
import { resolveAppPaths } from './app-paths';
import { parseLaunchOptions } from './launch-options';
import { registerAppScheme } from './security/harden';
import { SMALL_HEAP_FLAGS } from '../core/service/memory-flags';

const log = (message: string) => console.error(`[ephemera] ${message}`);
const launch = parseLaunchOptions(process.argv, process.env, process.cwd());
if (launch.userDataDir) app.setPath('userData', launch.userDataDir);

if (!app.requestSingleInstanceLock()) {
  log('Ephemera is already running; asked it to open its window.');
  app.quit();
} else {
  app.enableSandbox();
  // V8's memory-saving mode for the window's renderer (the main process takes it from npm start's
  // --js-flags, and its sampler thread from the service: see memory-flags.ts).
  app.commandLine.appendSwitch('js-flags', SMALL_HEAP_FLAGS); // eng-disable CUSTOM_ARGUMENTS_JS_CHECK (reviewed: one fixed V8 memory flag, no user input, no security switch)
  registerAppScheme();
  const paths = resolveAppPaths({ mainDir: import.meta.dirname, resourcesPath: process.resourcesPath, isPackaged: app.isPackaged });
  app
    .whenReady()
    .then(() => startApp({ launch, paths, platform: process.platform, log }))
    .catch((err: unknown) => {
      const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
      log(`Could not start: ${message}`);
      dialog.showErrorBox('Ephemera could not start', message);
      app.exit(1);
    });
}
