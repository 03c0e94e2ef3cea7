import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, SETTINGS_FILE, loadSettings, parseSettings, saveSettings } from './settings';
import { createSettingsStore } from './settings-store';

let dir: string;
const messages: string[] = [];
const log = (m: string) => messages.push(m);
const NOW = Date.UTC(2025, 0, 2, 3, 4, 5, 6);

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ephemera-settings-'));
  messages.length = 0;
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('parseSettings', () => {
  it('fills missing keys with defaults, drops unknown keys and sorts watched ports uniquely', () => {
    const r = parseSettings(JSON.stringify({ theme: 'dark', watchedPorts: [8080, 22, 8080], future: 1 }));
    expect(r).toEqual({ ok: true, settings: { ...DEFAULT_SETTINGS, theme: 'dark', watchedPorts: [22, 8080] } });
  });

  it('rejects values outside the contract bounds with the path in the reason', () => {
    const r = parseSettings(JSON.stringify({ intervalMs: 10 }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/^intervalMs: /);
    expect(parseSettings(JSON.stringify({ watchedPorts: [70000] })).ok).toBe(false);
    expect(parseSettings('[]').ok).toBe(false);
  });

  it('has "Resolve names" on by default and keeps it off once saved off', () => {
    expect(DEFAULT_SETTINGS.resolveNames).toBe(true);
    expect(parseSettings(JSON.stringify({ resolveNames: false }))).toEqual({ ok: true, settings: { ...DEFAULT_SETTINGS, resolveNames: false } });
    expect(parseSettings(JSON.stringify({ resolveNames: 'no' })).ok).toBe(false);
  });
});

describe('loadSettings', () => {
  it('uses defaults without any message when the file does not exist', async () => {
    expect(await loadSettings(dir, { log })).toEqual({ settings: DEFAULT_SETTINGS, recovered: null });
    expect(messages).toEqual([]);
  });

  it('moves a corrupt file aside to settings.corrupt-<time>.json, keeps its bytes, and uses defaults', async () => {
    await writeFile(join(dir, SETTINGS_FILE), '{"theme": "dark", ');
    const loaded = await loadSettings(dir, { log, now: () => NOW });
    expect(loaded.settings).toEqual(DEFAULT_SETTINGS);
    expect(loaded.recovered?.reason).toMatch(/not JSON/);
    expect(loaded.recovered?.movedTo).toBe(join(dir, 'settings.corrupt-2025-01-02T03-04-05-006Z.json'));
    expect((await readdir(dir)).sort()).toEqual(['settings.corrupt-2025-01-02T03-04-05-006Z.json']);
    expect(await readFile(loaded.recovered?.movedTo ?? '', 'utf8')).toBe('{"theme": "dark", ');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/invalid \(not JSON.*moved it to .*settings\.corrupt-.*using defaults/);
  });

  it('moves aside valid JSON with an invalid value too', async () => {
    await writeFile(join(dir, SETTINGS_FILE), JSON.stringify({ theme: 'purple' }));
    const loaded = await loadSettings(dir, { log, now: () => NOW });
    expect(loaded.recovered?.reason).toMatch(/^theme: /);
    expect(loaded.settings).toEqual(DEFAULT_SETTINGS);
    expect(await readdir(dir)).toEqual(['settings.corrupt-2025-01-02T03-04-05-006Z.json']);
  });

  it('reads back what saveSettings wrote, and a later save after recovery starts clean', async () => {
    await writeFile(join(dir, SETTINGS_FILE), 'garbage');
    await loadSettings(dir, { log, now: () => NOW });
    const wanted = { ...DEFAULT_SETTINGS, intervalMs: 2000, launchAtLogin: true, watchedPorts: [443] };
    await saveSettings(dir, wanted);
    expect(await loadSettings(dir, { log })).toEqual({ settings: wanted, recovered: null });
    expect((await readdir(dir)).sort()).toEqual(['settings.corrupt-2025-01-02T03-04-05-006Z.json', SETTINGS_FILE]);
  });

  it('leaves an unreadable entry in place and says why (a directory where the file should be)', async () => {
    await mkdir(join(dir, SETTINGS_FILE));
    const loaded = await loadSettings(dir, { log });
    expect(loaded).toEqual({ settings: DEFAULT_SETTINGS, recovered: { reason: expect.stringMatching(/EISDIR/), movedTo: null } });
    expect(await readdir(dir)).toEqual([SETTINGS_FILE]);
    expect(messages[0]).toMatch(/cannot read .*leaving the file as it is/);
  });
});

describe('saveSettings', () => {
  it('leaves no temp file behind and refuses invalid settings before touching the disk', async () => {
    await saveSettings(dir, DEFAULT_SETTINGS);
    expect(await readdir(dir)).toEqual([SETTINGS_FILE]);
    await expect(saveSettings(dir, { ...DEFAULT_SETTINGS, intervalMs: 5 })).rejects.toThrow();
    expect(JSON.parse(await readFile(join(dir, SETTINGS_FILE), 'utf8'))).toEqual(DEFAULT_SETTINGS);
  });

  it('fails with the path in the message and keeps the old file when the directory is gone', async () => {
    const gone = join(dir, 'missing');
    await expect(saveSettings(gone, DEFAULT_SETTINGS)).rejects.toThrow(/Could not save settings to .*missing.*settings\.json/);
  });
});

describe('createSettingsStore', () => {
  it('saves every update in order and rejects an invalid patch without changing anything', async () => {
    const store = createSettingsStore(dir, DEFAULT_SETTINGS);
    const a = store.update({ intervalMs: 500 });
    const b = store.update({ theme: 'light' });
    await Promise.all([a, b]);
    expect(JSON.parse(await readFile(join(dir, SETTINGS_FILE), 'utf8'))).toEqual({ ...DEFAULT_SETTINGS, intervalMs: 500, theme: 'light' });
    await expect(store.update({ intervalMs: 1 })).rejects.toThrow(/Invalid setting intervalMs/);
    expect(store.get().intervalMs).toBe(500);
  });
});
