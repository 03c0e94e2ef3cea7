/**
 * Picks the socket source for this OS: procfs on Linux (fast, no child process), netstat on
 * macOS and Windows, systeminformation everywhere else and whenever the preferred one fails.
 */
import { createLinuxSource } from './linux-source';
import { createNetstatSource } from './netstat-source';
import { createSiSource } from './si-source';
import type { RawSample, SocketSource } from './types';
import type { SourceChoice } from './worker-protocol';

/** Constructors chooseSource may call; replaceable so the fallback path can be exercised. */
export interface SourceFactories {
  linux: () => SocketSource;
  netstat: (platform: 'darwin' | 'win32') => SocketSource;
  si: () => SocketSource;
}

const realFactories: SourceFactories = {
  linux: () => createLinuxSource(),
  netstat: (platform) => createNetstatSource(platform),
  si: () => createSiSource(),
};

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Wraps a preferred source so that, until it has produced one good sample, a failure switches
 * to the fallback for good; the switch is reported in that sample's errors.
 */
export function withFallback(primary: SocketSource, makeFallback: () => SocketSource): SocketSource {
  let current = primary;
  let proven = false;
  let switched = false;
  const notes: string[] = [];
  const fallBack = (why: string): SocketSource => {
    current.close?.();
    const failedName = current.name;
    current = makeFallback();
    switched = true;
    notes.push(`${failedName} failed (${why}); using ${current.name}`);
    return current;
  };
  const withNotes = (s: RawSample): RawSample => {
    if (notes.length === 0) return s;
    const errors = [...notes.splice(0), ...s.errors];
    return { ...s, errors };
  };
  return {
    get name() {
      return current.name;
    },
    async sample() {
      if (proven || switched) return withNotes(await current.sample());
      try {
        const s = await current.sample();
        proven = true;
        return s;
      } catch (error) {
        return withNotes(await fallBack(message(error)).sample());
      }
    },
    async ephemeralRange() {
      try {
        return await current.ephemeralRange();
      } catch (error) {
        if (proven || switched) throw error;
        return fallBack(message(error)).ephemeralRange();
      }
    },
    close: () => current.close?.(),
  };
}

/** The source for a platform; 'auto' picks by OS, a named choice forces that adapter. */
export function chooseSource(
  platform: NodeJS.Platform | string = process.platform,
  choice: SourceChoice = 'auto',
  factories: SourceFactories = realFactories,
): SocketSource {
  const wanted = choice === 'auto' ? autoChoice(platform) : choice;
  if (wanted === 'systeminformation') return factories.si();
  try {
    const primary = wanted === 'linux-procfs' ? factories.linux() : factories.netstat(netstatPlatform(platform));
    return withFallback(primary, factories.si);
  } catch (error) {
    const fallback = factories.si();
    return withFallback(failingSource(wanted, message(error)), () => fallback);
  }
}

function autoChoice(platform: string): Exclude<SourceChoice, 'auto'> {
  if (platform === 'linux') return 'linux-procfs';
  if (platform === 'darwin' || platform === 'win32') return 'netstat';
  return 'systeminformation';
}

function netstatPlatform(platform: string): 'darwin' | 'win32' {
  if (platform === 'darwin' || platform === 'win32') return platform;
  throw new Error(`netstat parsing supports darwin and win32, not ${platform}`);
}

/** A source that could not even be built: its first sample fails, so withFallback switches and says why. */
function failingSource(name: string, reason: string): SocketSource {
  const fail = (): never => {
    throw new Error(`could not create: ${reason}`);
  };
  return { name, sample: async () => fail(), ephemeralRange: async () => fail() };
}
