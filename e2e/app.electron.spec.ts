/**
 * The desktop app end to end: the built app (out/) launched by Playwright with a temp userData,
 * its main window showing a listener this test opened, the tray click opening the glance
 * popover, and an export written to a path the test chose. Where the Electron binary is not
 * installed (or there is no display) it skips with one line; the browser project covers the UI.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from '@playwright/test';
import { _electron as electron } from 'playwright';
import type { ElectronApplication, Page } from 'playwright';
import { lacksDisplay, locateElectron } from '../scripts/lib/start-decision';
import { expect, rows, setFilter } from './helpers/fixtures';
import { openTestListener } from './helpers/listener';
import type { TestListener } from './helpers/listener';

const ROOT = join(import.meta.dirname, '..');
const binary = locateElectron(join(ROOT, 'node_modules', 'electron'), process.env);

/** Why this machine cannot run the desktop e2e, or null when it can. Never downloads anything. */
function skipReason(): string | null {
  if (!binary.exists) return `Electron binary not installed (${binary.path ?? 'node_modules/electron/path.txt missing'})`;
  if (lacksDisplay(process.platform, process.env)) return 'no display (on Linux run under xvfb-run)';
  if (!existsSync(join(ROOT, 'out', 'node', 'main.js'))) return 'app not built (npm run build)';
  return null;
}

/** The test hooks main installs with EPHEMERA_E2E=1 (electron/main/e2e-hooks.ts). */
interface Hooks {
  clickTray(): void;
  popover(): { visible: boolean; url: string } | null;
  mainWindow(): { visible: boolean; url: string } | null;
  exportTo(path: string): Promise<{ path: string; bytes: number }>;
  tooltip(): string;
}

/** Calls one hook inside the main process (the function is serialized, so it names only globals). */
async function hook<K extends keyof Hooks>(name: K, ...args: Parameters<Hooks[K]>): Promise<Awaited<ReturnType<Hooks[K]>>> {
  const running = app as ElectronApplication;
  const result: unknown = await running.evaluate(
    (_electron, call: { name: string; args: unknown[] }) => {
      const all = (globalThis as unknown as { __ephemeraE2E?: Record<string, (...a: unknown[]) => unknown> }).__ephemeraE2E;
      if (!all) throw new Error('EPHEMERA_E2E hooks are not installed');
      const fn = all[call.name];
      if (!fn) throw new Error(`no hook ${call.name}`);
      return fn(...call.args);
    },
    { name, args },
  );
  return result as Awaited<ReturnType<Hooks[K]>>;
}

test.describe.configure({ mode: 'serial' });

let app: ElectronApplication | null = null;
let listener: TestListener | null = null;
let userData = '';

test.beforeAll(async () => {
  const reason = skipReason();
  if (reason) {
    console.log(`electron e2e skipped: ${reason}; the browser project covers the same UI through npm run serve.`);
    test.skip(true, reason);
    return;
  }
  listener = await openTestListener();
  userData = await mkdtemp(join(tmpdir(), 'ephemera-e2e-userdata-'));
  app = await electron.launch({
    executablePath: binary.path ?? '',
    args: [ROOT, `--ephemera-user-data=${userData}`, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
    env: { ...process.env, EPHEMERA_E2E: '1' },
    cwd: ROOT,
    timeout: 30_000,
  });
});

test.afterAll(async () => {
  await app?.close();
  await listener?.close();
  if (userData) await rm(userData, { recursive: true, force: true });
});

/** The app's window showing a route, once it has loaded. */
async function windowAt(route: RegExp): Promise<Page> {
  const running = app as ElectronApplication;
  await expect.poll(() => running.windows().some((w) => route.test(w.url())), { timeout: 15_000 }).toBe(true);
  const page = running.windows().find((w) => route.test(w.url()));
  if (!page) throw new Error(`no window at ${route}`);
  return page;
}

test('the main window lists the listener this test opened', async () => {
  const main = await windowAt(/^app:\/\/ephemera\/index\.html#\/$/);
  await expect(main.getByTestId('socket-table')).toBeVisible({ timeout: 15_000 });
  const port = (listener as TestListener).port;
  await setFilter(main, `port:${port}`);
  const row = rows(main).and(main.locator(`[data-local-port="${port}"][data-state="LISTEN"]`));
  await expect(row.first()).toBeVisible({ timeout: 15_000 });
  await expect(row.first()).toHaveAttribute('data-pid', String(process.pid));
  expect(await hook('mainWindow')).toMatchObject({ visible: true });
});

test('a tray click opens the glance popover, and a second click hides it', async () => {
  await hook('clickTray');
  await expect.poll(() => hook('popover'), { timeout: 15_000 }).toMatchObject({ visible: true });
  const popover = await windowAt(/#\/glance$/);
  await expect(popover.getByTestId('glance')).toBeVisible({ timeout: 15_000 });
  await hook('clickTray');
  await expect.poll(async () => (await hook('popover'))?.visible).toBe(false);
  await expect.poll(() => hook('tooltip'), { timeout: 15_000 }).toMatch(/^\d[\d,]* sockets? · \d[\d,]* ephemeral · /);
});

test('export writes a valid JSON snapshot, holding the listener, to the path the test gave', async () => {
  const target = join(userData, 'snapshot.json');
  const written = await hook('exportTo', target);
  expect(written.path).toBe(target);
  const text = readFileSync(target, 'utf8');
  expect(written.bytes).toBe(Buffer.byteLength(text));
  const doc = JSON.parse(text) as { schema: string; version: number; sockets: Array<{ localPort: number; state: string }> };
  expect([doc.schema, doc.version]).toEqual(['ephemera.snapshot', 1]);
  const port = (listener as TestListener).port;
  expect(doc.sockets.some((s) => s.localPort === port && s.state === 'LISTEN')).toBe(true);
});
