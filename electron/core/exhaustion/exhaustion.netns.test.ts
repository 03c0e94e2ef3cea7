/**
 * Exhaustion for real: a network namespace whose ephemeral range is narrowed to 100 ports
 * (60000-60099); connections to one destination until connect() fails with EADDRNOTAVAIL. The
 * 70% and 90% warnings must arrive before that failure, naming the tuple. Creating a namespace
 * needs root; elsewhere the suite skips and says why.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildForTest, type BuiltEntries } from '../test-kit/build-for-test';

const isRoot = process.getuid?.() === 0;
const hasIp = spawnSync('ip', ['-V']).status === 0;
const reason = !isRoot ? 'needs root to create a network namespace' : 'needs the ip command (iproute2)';

interface Outcome {
  range: { low: number; high: number; source: string };
  notes: { kind: string; level: string; title: string; body: string; openAt: number; beforeFailure: boolean }[];
  failure: { at: number; code: string } | null;
  exhaustion: { level: string; tuples: { remotePort: number; used: number; level: string }[] } | null;
}

describe.skipIf(!isRoot || !hasIp)(`ephemeral-port exhaustion in a network namespace (${isRoot && hasIp ? 'root' : `skipped: ${reason}`})`, () => {
  const ns = `ephemera-exhaust-${process.pid}`;
  const ip = (...args: string[]) => spawnSync('ip', args, { encoding: 'utf8' });
  let built: BuiltEntries;

  beforeAll(async () => {
    for (const cmd of [['netns', 'add', ns], ['-n', ns, 'link', 'set', 'lo', 'up'], ['netns', 'exec', ns, 'sysctl', '-qw', 'net.ipv4.ip_local_port_range=60000 60099']]) {
      const r = ip(...cmd);
      if (r.status !== 0) throw new Error(`ip ${cmd.join(' ')}: ${r.stderr}`);
    }
    built = await buildForTest({ 'fill-range': 'electron/core/exhaustion/fill-range-entry.ts' });
  }, 60_000);
  afterAll(() => {
    ip('netns', 'del', ns);
    built?.remove();
  });

  it('warns at 70% and 90% for tcp 127.0.0.1 → 127.0.0.1:7000 before connect() fails with EADDRNOTAVAIL', () => {
    const run = spawnSync('ip', ['netns', 'exec', ns, process.execPath, built.path('fill-range')], { encoding: 'utf8', timeout: 40_000 });
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as Outcome;
    expect(out.range).toMatchObject({ low: 60000, high: 60099, source: 'os' });
    expect(out.failure?.code).toBe('EADDRNOTAVAIL');
    const failedAt = out.failure!.at;
    expect(failedAt).toBeGreaterThanOrEqual(90);
    expect(failedAt).toBeLessThanOrEqual(100);
    const warnings = out.notes.filter((n) => n.kind === 'exhaustion');
    expect(warnings.map((n) => n.level)).toEqual(['warning', 'critical']);
    const [warn, crit] = warnings as [Outcome['notes'][number], Outcome['notes'][number]];
    for (const n of warnings) expect(n.title).toMatch(/: tcp 127\.0\.0\.1 → 127\.0\.0\.1:7000$/);
    expect(warn.openAt).toBeGreaterThanOrEqual(70);
    expect(crit.openAt).toBeGreaterThanOrEqual(90);
    expect(warnings.every((n) => n.beforeFailure)).toBe(true);
    console.log(`[exhaustion] warning at ${warn.openAt} open, critical at ${crit.openAt}, EADDRNOTAVAIL on connection ${failedAt + 1}: ${crit.title}`);
    expect(warn.body).toMatch(/^\d+ of 100 ports of 60000-60099 in use for tcp 127\.0\.0\.1 → 127\.0\.0\.1:7000/);
    expect(out.exhaustion).toMatchObject({ level: 'critical', tuples: [{ remotePort: 7000, level: 'critical' }] });
  }, 60_000);
});
