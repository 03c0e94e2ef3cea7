/**
 * How this launch was asked to behave, read from argv and the environment before the app is
 * ready: a userData override (tests and portable use), test hooks, and a hidden start (login).
 */
import { isAbsolute, resolve } from 'node:path';

/** The flag that points userData elsewhere; also read from EPHEMERA_USER_DATA. */
export const USER_DATA_FLAG = '--ephemera-user-data';
/** Passed by the login item so a start at login stays in the tray. */
export const HIDDEN_FLAG = '--hidden';

/** What main needs to know before creating anything. */
export interface LaunchOptions {
  /** Absolute directory for settings and Chromium state, or null for Electron's default. */
  userDataDir: string | null;
  /** True when EPHEMERA_E2E=1: main exposes test hooks on globalThis. */
  e2e: boolean;
  /** Start in the tray without opening the main window. */
  hidden: boolean;
}

/** Parses argv (`--ephemera-user-data=DIR` or `--ephemera-user-data DIR`) and env; the flag wins. */
export function parseLaunchOptions(argv: ReadonlyArray<string>, env: Readonly<Record<string, string | undefined>>, cwd: string): LaunchOptions {
  let dir: string | null = null;
  argv.forEach((arg, i) => {
    if (arg.startsWith(`${USER_DATA_FLAG}=`)) dir = arg.slice(USER_DATA_FLAG.length + 1);
    else if (arg === USER_DATA_FLAG && argv[i + 1] !== undefined && !argv[i + 1]?.startsWith('--')) dir = argv[i + 1] ?? null;
  });
  const chosen: string | null = dir ?? (env.EPHEMERA_USER_DATA || null);
  return {
    userDataDir: chosen === null || chosen === '' ? null : isAbsolute(chosen) ? chosen : resolve(cwd, chosen),
    e2e: env.EPHEMERA_E2E === '1',
    hidden: argv.includes(HIDDEN_FLAG),
  };
}
