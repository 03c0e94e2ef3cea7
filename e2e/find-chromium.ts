/**
 * Finds a Chromium for the browser project: CHROMIUM_PATH, then Playwright's own install,
 * then Debian's /usr/bin/chromium. Returns null (with the places tried) when none exists.
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright';

/** Flags that keep Chromium off the closed network and working as root in CI. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/** The executable to launch, and where it came from. */
export function findChromium(): { path: string; from: string } | { path: null; tried: string[] } {
  const tried: string[] = [];
  const env = process.env.CHROMIUM_PATH;
  if (env) {
    if (existsSync(env)) return { path: env, from: 'CHROMIUM_PATH' };
    tried.push(`CHROMIUM_PATH=${env} (missing)`);
  }
  try {
    const own = chromium.executablePath();
    if (own && existsSync(own)) return { path: own, from: 'playwright' };
    tried.push(`playwright install (${own || 'none'})`);
  } catch (err) {
    tried.push(`playwright install (${String(err)})`);
  }
  if (existsSync('/usr/bin/chromium')) return { path: '/usr/bin/chromium', from: '/usr/bin/chromium' };
  tried.push('/usr/bin/chromium (missing)');
  return { path: null, tried };
}
