/**
 * Test hooks, installed only when EPHEMERA_E2E=1: Playwright cannot click a tray icon, so the
 * e2e spec calls these through electronApp.evaluate. They run the same code paths a user
 * triggers (the tray click handler, the export writer), never shortcuts around them.
 */

/** The global the e2e spec reads. */
export const E2E_GLOBAL = '__ephemeraE2E';

/** What the spec can do and see. */
export interface E2eHooks {
  clickTray(): void;
  popover(): { visible: boolean; url: string } | null;
  mainWindow(): { visible: boolean; url: string } | null;
  exportTo(path: string): Promise<{ path: string; bytes: number }>;
  tooltip(): string;
}

/** Installs the hooks on globalThis. */
export function installE2eHooks(hooks: E2eHooks): void {
  (globalThis as Record<string, unknown>)[E2E_GLOBAL] = hooks;
}
