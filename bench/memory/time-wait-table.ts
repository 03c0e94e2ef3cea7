/**
 * A recorded-style /proc tree with a large TIME_WAIT table whose timers really count down, for
 * the delta-size figure: how big an update is against the snapshot when 1% of 60,000 TIME_WAIT
 * rows change and every timer ticks. The rows are printed exactly as the kernel prints them
 * (formatRow), each with a fixed expiry, so the time left shrinks between reads as it does on a
 * real machine.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Delta, Snapshot } from '../../shared/model';
import { createChurnEngine } from '../../electron/core/churn/churn-engine';
import { createLinuxSource } from '../../electron/core/sampler/linux-source';
import { PROC_NET_HEADER, ROW_TRAILER, formatRow } from '../../electron/core/sampler/proc-address-test-kit';

interface TwRow {
  localPort: number;
  remotePort: number;
  expiresAt: number;
}

/** What the measurement found. */
export interface DeltaRatio {
  rows: number;
  changedRows: number;
  /** Rows in the last delta (added + changed + removed). */
  deltaRows: number;
  deltaBytes: number;
  snapshotBytes: number;
  ratio: number;
  /**
   * The longest gap, over the ticks, between printing the timers and the sample starting. The
   * kernel prints at read time; a late read here (a write stall, a GC pause) would make every row
   * look changed, so a tick whose gap passes MAX_PRINT_SKEW_MS is printed again.
   */
  printSkewMs: number;
}

/** Past this gap between printing and reading, a tick's table is printed and written again. */
const MAX_PRINT_SKEW_MS = 50;
const PRINT_TRIES = 5;

/** tmpfs where there is one: a disk-backed /tmp can stall a 9 MB write for longer than the timers' tolerance. */
function scratchDir(): string {
  return existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
}

const CLK_TCK = 100;

/** A table's text with every timer at 0, and where each row's 8 "when" digits are, to print the time left fast. */
function template(rows: readonly TwRow[]): { buf: Buffer; whenAt: Int32Array } {
  const lines = rows.map((r, slot) =>
    formatRow({
      slot,
      local: [127, 0, 0, 1],
      localPort: r.localPort,
      remote: [127, 0, 0, 1],
      remotePort: r.remotePort,
      state: 6,
      txQueue: 0,
      rxQueue: 0,
      timerKind: 3,
      when: 0,
      retransmits: 0,
      uid: 0,
      timeout: 0,
      inode: 0,
    }) + ROW_TRAILER,
  );
  const text = `${PROC_NET_HEADER}\n${lines.join('\n')}\n`;
  const whenAt = new Int32Array(rows.length);
  let at = PROC_NET_HEADER.length + 1;
  lines.forEach((line, i) => {
    whenAt[i] = at + line.indexOf(' 03:00000000 ') + 4;
    at += line.length + 1;
  });
  return { buf: Buffer.from(text, 'latin1'), whenAt };
}

const HEX = '0123456789ABCDEF';

/** Prints each row's time left at `now` into the template, as the kernel would at that moment. */
function printAt(t: { buf: Buffer; whenAt: Int32Array }, rows: readonly TwRow[], now: number): Buffer {
  rows.forEach((r, i) => {
    let when = Math.max(0, Math.round(((r.expiresAt - now) * CLK_TCK) / 1000));
    const at = t.whenAt[i] ?? 0;
    for (let d = 7; d >= 0; d -= 1) {
      t.buf[at + d] = HEX.charCodeAt(when & 15);
      when >>>= 4;
    }
  });
  return t.buf;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Samples a table of `count` TIME_WAIT rows `ticks` times, `gapMs` apart, replacing `changeFraction`
 * of the rows before each later tick; returns the last delta's size against the snapshot's.
 */
export async function measureTimeWaitDelta(count = 60_000, changeFraction = 0.01, ticks = 3, gapMs = 500): Promise<DeltaRatio & { delta: Delta; snapshot: Snapshot }> {
  const root = mkdtempSync(join(scratchDir(), 'eph-i11-tw-'));
  try {
    mkdirSync(join(root, 'net'));
    for (const t of ['tcp6', 'udp', 'udp6']) writeFileSync(join(root, 'net', t), `${PROC_NET_HEADER}\n`);
    const start = Date.now();
    let nextPort = 0;
    // Distinct tuples: remote ports 1..65535 per local port.
    const fresh = (now: number): TwRow => {
      nextPort += 1;
      return { localPort: 1024 + Math.floor(nextPort / 60_000), remotePort: 1 + (nextPort % 60_000), expiresAt: now + 30_000 + ((nextPort * 7919) % 30_000) };
    };
    let rows = Array.from({ length: count }, () => fresh(start));
    const source = createLinuxSource({ procRoot: root, owners: false, clkTck: CLK_TCK });
    const engine = createChurnEngine({ host: 'bench', platform: 'linux', source: 'linux-procfs', ephemeralRange: { low: 32768, high: 60999, source: 'os', origin: 'bench' } });
    let delta: Delta | null = null;
    let printSkewMs = 0;
    const changed = Math.round(count * changeFraction);
    for (let i = 0; i < ticks; i += 1) {
      if (i > 0) {
        await sleep(gapMs);
        const now = Date.now();
        rows = [...rows.slice(changed), ...Array.from({ length: changed }, () => fresh(now))];
      }
      // The kernel prints the time left as it is read: print it just before reading, and again if
      // the write took so long that the read would come late.
      const t = template(rows);
      let skew = Infinity;
      for (let attempt = 0; attempt < PRINT_TRIES && skew > MAX_PRINT_SKEW_MS; attempt += 1) {
        const printedAt = Date.now();
        writeFileSync(join(root, 'net', 'tcp'), printAt(t, rows, printedAt));
        skew = Date.now() - printedAt;
      }
      if (skew > MAX_PRINT_SKEW_MS) throw new Error(`writing the TIME_WAIT table took ${skew} ms ${PRINT_TRIES} times (over ${MAX_PRINT_SKEW_MS} ms): the machine is too busy for a timer-exact table`);
      printSkewMs = Math.max(printSkewMs, skew);
      delta = engine.ingest(await source.sample());
    }
    if (delta === null) throw new Error('no tick');
    const snapshot = engine.snapshot();
    const deltaBytes = JSON.stringify(delta).length;
    const snapshotBytes = JSON.stringify(snapshot).length;
    return {
      rows: count,
      changedRows: changed,
      deltaRows: delta.added.length + delta.changed.length + delta.removed.length,
      deltaBytes,
      snapshotBytes,
      ratio: deltaBytes / snapshotBytes,
      printSkewMs,
      delta,
      snapshot,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
