import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KernelCountersSchema, SocketSchema } from '../../../shared/model';
import { createLinuxSource } from './linux-source';

const PROC = join(__dirname, 'fixtures/linux/capture-1/proc');
const trees: string[] = [];

/** A writable copy of the recorded tree, to break on purpose. */
function copyOfCapture(): string {
  const root = mkdtempSync(join(tmpdir(), 'ephemera-linux-source-'));
  cpSync(PROC, root, { recursive: true, verbatimSymlinks: true });
  trees.push(root);
  return root;
}

afterEach(() => {
  for (const root of trees.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('createLinuxSource on the recorded tree', () => {
  it('samples every table, the counters and the owners', async () => {
    const source = createLinuxSource({ procRoot: PROC, clkTck: 100 });
    expect(source.name).toBe('linux-procfs');
    const sample = await source.sample();
    for (const s of sample.sockets) expect(SocketSchema.parse(s)).toEqual(s);
    expect(KernelCountersSchema.parse(sample.counters)).toEqual(sample.counters);
    expect(sample.sockets).toHaveLength(41);
    expect(sample).toMatchObject({ skipped: 0, errors: [] });
    expect(sample.counters).toEqual({ activeOpens: 136, passiveOpens: 31, currEstab: 9, timeWait: 22 });
    expect(sample.sockets.filter((s) => s.owner !== null)).toHaveLength(18);
    expect(sample.durationMs).toBeGreaterThan(0);
    expect(Math.abs(sample.time - Date.now())).toBeLessThan(5000);
  });

  it('reads no fd table on the second sample when nothing changed', async () => {
    const source = createLinuxSource({ procRoot: PROC });
    const first = await source.sample();
    const second = await source.sample();
    expect(second.sockets.map((s) => s.owner)).toEqual(first.sockets.map((s) => s.owner));
  });

  it('samples without owners when asked (the bare parse)', async () => {
    const sample = await createLinuxSource({ procRoot: PROC, owners: false }).sample();
    expect(sample.sockets.every((s) => s.owner === null)).toBe(true);
  });
});

describe('createLinuxSource on a damaged tree', () => {
  it('goes on without IPv6 tables, silently', async () => {
    const root = copyOfCapture();
    rmSync(join(root, 'net/tcp6'));
    rmSync(join(root, 'net/udp6'));
    const sample = await createLinuxSource({ procRoot: root }).sample();
    expect(sample.sockets).toHaveLength(32);
    expect(sample.errors).toEqual([]);
  });

  it('names an unreadable table, a bad row and missing counters, keeping the good rows', async () => {
    const root = copyOfCapture();
    rmSync(join(root, 'net/udp'));
    rmSync(join(root, 'net/sockstat'));
    const tcp = readFileSync(join(root, 'net/tcp'), 'latin1').split('\n');
    tcp[2] = (tcp[2] ?? '').replace(':ABB5 ', ':ABB5x');
    writeFileSync(join(root, 'net/tcp'), tcp.join('\n'));
    const sample = await createLinuxSource({ procRoot: root }).sample();
    expect(sample.sockets).toHaveLength(41 - 2 - 1);
    expect(sample.skipped).toBe(1);
    expect(sample.counters).toBeNull();
    expect(sample.errors).toEqual([
      '1 malformed row(s) skipped; first: /proc/net/tcp line 3: bad local address',
      `${root}/net/udp unreadable: ENOENT`,
      expect.stringMatching(/^kernel counters unreadable: ENOENT/),
    ]);
  });

  it('bounds a storm of problems to a few lines', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ephemera-empty-proc-'));
    trees.push(root);
    const sample = await createLinuxSource({ procRoot: root }).sample();
    expect(sample.sockets).toEqual([]);
    expect(sample.errors.length).toBeLessThanOrEqual(8);
    expect(sample.errors.join('\n')).toMatch(/net\/tcp unreadable: ENOENT/);
  });
});
