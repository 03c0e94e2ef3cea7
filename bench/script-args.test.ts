/**
 * Every entry point of the project, built and started as a child process: `--help` prints the
 * usage and exits 0 without running anything, an unknown flag exits 2 with one line naming it.
 * (`bench:fidelity --help` once ran the whole six-minute benchmark.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { build } from 'vite';
import { PROJECT_ROOT, buildForTest } from '../electron/core/test-kit/build-for-test';
import type { BuiltEntries } from '../electron/core/test-kit/build-for-test';
import { runBuilt } from '../electron/cli/cli-test-kit';

const ENTRIES = {
  bench: 'bench/index.ts',
  'bench-fidelity': 'bench/fidelity/index.ts',
  web: 'electron/web/index.ts',
  cli: 'electron/cli/index.ts',
} as const;
type Entry = keyof typeof ENTRIES | 'ui-bench';

/** How each entry names itself when it refuses an argument. */
const NAMES: Record<Entry, string> = {
  bench: 'bench',
  'bench-fidelity': 'bench:fidelity',
  'ui-bench': 'bench:ui',
  web: 'ephemera web',
  cli: 'ephemera',
};

let built: BuiltEntries;

beforeAll(async () => {
  built = await buildForTest({ ...ENTRIES });
  // Playwright cannot be bundled: the UI bench is built as npm run bench:ui builds it, into out/bench-ui.
  await build({ configFile: join(PROJECT_ROOT, 'bench/ui/vite.config.ts'), root: PROJECT_ROOT, logLevel: 'error' });
}, 120_000);
afterAll(() => built?.remove());

const entries: Entry[] = [...(Object.keys(ENTRIES) as Entry[]), 'ui-bench'];
const pathOf = (entry: Entry): string => (entry === 'ui-bench' ? join(PROJECT_ROOT, 'out/bench-ui/ui-bench.js') : built.path(entry));

describe.concurrent('every entry point', () => {
  // The UI bench loads Playwright before it reads its arguments: on a busy machine that alone takes seconds.
  it.each(entries)('%s --help prints the usage and exits 0, having run nothing', { timeout: 60_000 }, async (entry) => {
    const r = await runBuilt(pathOf(entry), ['--help'], { timeoutMs: 55_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^(usage: |ephemera \d)/);
    expect(r.stdout).toContain('--help');
    // A benchmark that started would log its progress on stderr and print results, not the usage.
    expect(r.stderr).toBe('');
  });

  it.each(entries)('%s refuses an unknown flag with exit 2 and one line naming it', { timeout: 60_000 }, async (entry) => {
    const r = await runBuilt(pathOf(entry), ['--frobnicate'], { timeoutMs: 55_000 });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(new RegExp(`^${NAMES[entry]}: .*--frobnicate`));
  });

  it.each([
    ['bench', ['--sizes', '10,x']],
    ['bench-fidelity', ['--rates', '200,-5']],
    ['bench-fidelity', ['--close', 'fin,slam']],
    ['ui-bench', ['--seconds', 'forever']],
    ['web', ['--port', '70000']],
  ] as [Entry, string[]][])('%s %j: a bad value is refused with exit 2 before anything runs', { timeout: 60_000 }, async (entry, args) => {
    const r = await runBuilt(pathOf(entry), args, { timeoutMs: 55_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^${NAMES[entry]}: [^\\n]+\\n$`));
  });
});
