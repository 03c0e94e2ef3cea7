/**
 * The settings in force while the app runs: one in-memory copy, updates validated before they
 * are kept, and saves chained so two quick changes reach the disk in order.
 */
import { SettingsSchema, saveSettings, type Settings } from './settings';

/** Reads and changes the settings; every change is saved before the promise resolves. */
export interface SettingsStore {
  get(): Settings;
  update(patch: Partial<Settings>): Promise<Settings>;
}

/** Wraps loaded settings; `save` defaults to the atomic file writer. */
export function createSettingsStore(
  dir: string,
  initial: Settings,
  save: (dir: string, settings: Settings) => Promise<void> = saveSettings,
): SettingsStore {
  let current = initial;
  let queue: Promise<void> = Promise.resolve();
  return {
    get: () => current,
    update(patch) {
      const parsed = SettingsSchema.safeParse({ ...current, ...patch });
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return Promise.reject(new Error(`Invalid setting ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`));
      }
      current = parsed.data;
      const next = current;
      const write = queue.then(() => save(dir, next));
      queue = write.catch(() => {});
      return write.then(() => next);
    },
  };
}
