/**
 * User settings as one JSON file in userData: validated with zod on load, written atomically.
 * A corrupt or invalid file is moved aside (never silently overwritten) and defaults are used,
 * so a bad edit or a half-written disk never stops the app from starting and loses nothing.
 * Pure Node: no 'electron' import, so it is tested with real files in a temp dir.
 */
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { methods } from '../../shared/contract';

/** The file name inside the settings directory. */
export const SETTINGS_FILE = 'settings.json';

const port = z.number().int().min(0).max(65535);

/** Interval bounds come from the contract's setInterval request, so both agree. */
const intervalMs = methods.setInterval.request.shape.ms;

/** The settings file's schema: each key optional on disk (defaults fill it), each value checked. */
export const SettingsSchema = z.object({
  intervalMs: intervalMs.default(1000),
  theme: z.enum(['system', 'light', 'dark']).default('system'),
  launchAtLogin: z.boolean().default(false),
  /** Ports the user pinned; notifications and the glance single them out. */
  watchedPorts: z
    .array(port)
    .max(256)
    .default([])
    .transform((ports) => [...new Set(ports)].sort((a, b) => a - b)),
  /** "Resolve names" (issue 13): look up and show names of remote addresses. */
  resolveNames: z.boolean().default(true),
});
/** What the user can change and what survives a restart. */
export type Settings = z.output<typeof SettingsSchema>;

/** Defaults for a first start or after a corrupt file. */
export const DEFAULT_SETTINGS: Settings = SettingsSchema.parse({});

/** Parses settings text; unknown keys are dropped, missing keys get defaults, wrong values fail. */
export function parseSettings(text: string): { ok: true; settings: Settings } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, reason: `not JSON (${(err as Error).message})` };
  }
  const parsed = SettingsSchema.safeParse(json);
  if (parsed.success) return { ok: true, settings: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : 'settings';
  return { ok: false, reason: `${where}: ${issue?.message ?? 'invalid'}` };
}

/** What loading found: the settings in force, and whether a bad file was moved aside. */
export interface LoadedSettings {
  settings: Settings;
  /** Null when the file was fine or absent; otherwise why it was rejected and where it went. */
  recovered: { reason: string; movedTo: string | null } | null;
}

/** Where a rejected file is moved: settings.corrupt-<time>.json beside it. */
export function corruptName(now: number): string {
  return `settings.corrupt-${new Date(now).toISOString().replace(/[:.]/g, '-')}.json`;
}

/**
 * Loads settings from `dir`. Missing file: defaults. Unreadable, corrupt or invalid file: moved
 * aside to settings.corrupt-<time>.json, a message logged, defaults used.
 */
export async function loadSettings(
  dir: string,
  options: { now?: () => number; log?: (message: string) => void } = {},
): Promise<LoadedSettings> {
  const file = join(dir, SETTINGS_FILE);
  const log = options.log ?? (() => {});
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { settings: DEFAULT_SETTINGS, recovered: null };
    const reason = `cannot read ${file} (${code ?? (err as Error).message})`;
    log(`Settings: ${reason}; using defaults for this session and leaving the file as it is.`);
    return { settings: DEFAULT_SETTINGS, recovered: { reason, movedTo: null } };
  }
  const parsed = parseSettings(text);
  if (parsed.ok) return { settings: parsed.settings, recovered: null };
  const movedTo = join(dir, corruptName((options.now ?? Date.now)()));
  try {
    await rename(file, movedTo);
    log(`Settings: ${file} was invalid (${parsed.reason}); moved it to ${movedTo} and using defaults.`);
    return { settings: DEFAULT_SETTINGS, recovered: { reason: parsed.reason, movedTo } };
  } catch (err) {
    log(`Settings: ${file} was invalid (${parsed.reason}) and could not be moved aside (${(err as Error).message}); using defaults.`);
    return { settings: DEFAULT_SETTINGS, recovered: { reason: parsed.reason, movedTo: null } };
  }
}

/**
 * Writes settings atomically: a temp file in the same directory, flushed, then renamed over
 * the old one, so a crash or a full disk leaves either the old file or the new one, whole.
 */
export async function saveSettings(dir: string, settings: Settings): Promise<void> {
  const valid = SettingsSchema.parse(settings);
  const file = join(dir, SETTINGS_FILE);
  const temp = join(dir, `.${SETTINGS_FILE}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(valid, null, 2)}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (err) {
    await unlink(temp).catch(() => {});
    throw new Error(`Could not save settings to ${file}: ${(err as Error).message}`, { cause: err });
  }
}
