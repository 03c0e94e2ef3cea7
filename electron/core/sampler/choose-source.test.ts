import { describe, expect, it } from 'vitest';
import type { EphemeralRange } from '../../../shared/model';
import { chooseSource, withFallback } from './choose-source';
import type { SourceFactories } from './choose-source';
import type { RawSample, SocketSource } from './types';

const range: EphemeralRange = { low: 1000, high: 2000, source: 'os', origin: 'test' };

/** A plain source whose samples fail `failures` times, then succeed; it counts its calls. */
function scripted(name: string, failures: number): SocketSource & { calls: number; closed: boolean } {
  const src = {
    name,
    calls: 0,
    closed: false,
    async sample(): Promise<RawSample> {
      src.calls += 1;
      if (src.calls <= failures) throw new Error(`${name} cannot read`);
      return { time: Date.now(), sockets: [], counters: null, skipped: 0, errors: [], durationMs: 0 };
    },
    ephemeralRange: async () => range,
    close() {
      src.closed = true;
    },
  };
  return src;
}

describe('chooseSource', () => {
  it('picks procfs on Linux and samples this machine for real', async () => {
    const src = chooseSource('linux');
    expect(src.name).toBe('linux-procfs');
    const s = await src.sample();
    expect(s.sockets.length).toBeGreaterThan(0);
    expect((await src.ephemeralRange()).source).toBe('os');
    src.close?.();
  });

  it('picks netstat on macOS and Windows, systeminformation elsewhere or when asked', () => {
    const made: string[] = [];
    const factories: SourceFactories = {
      linux: () => (made.push('linux'), scripted('linux-procfs', 0)),
      netstat: (p) => (made.push(`netstat-${p}`), scripted(`netstat-${p}`, 0)),
      si: () => (made.push('si'), scripted('systeminformation', 0)),
    };
    expect(chooseSource('darwin', 'auto', factories).name).toBe('netstat-darwin');
    expect(chooseSource('win32', 'auto', factories).name).toBe('netstat-win32');
    expect(chooseSource('freebsd', 'auto', factories).name).toBe('systeminformation');
    expect(chooseSource('linux', 'systeminformation', factories).name).toBe('systeminformation');
    expect(made).toEqual(['netstat-darwin', 'netstat-win32', 'si', 'si']);
  });

  it('the real netstat and systeminformation sources are what it builds for those platforms', () => {
    expect(chooseSource('darwin').name).toMatch(/netstat/);
    expect(chooseSource('aix').name).toBe('systeminformation');
  });

  it('falls back to systeminformation when the preferred source cannot be built', async () => {
    const fallback = scripted('systeminformation', 0);
    const src = chooseSource('linux', 'auto', {
      linux: () => {
        throw new Error('no /proc here');
      },
      netstat: () => scripted('netstat', 0),
      si: () => fallback,
    });
    const s = await src.sample();
    expect(src.name).toBe('systeminformation');
    expect(s.errors[0]).toBe('linux-procfs failed (could not create: no /proc here); using systeminformation');
    expect((await src.sample()).errors).toEqual([]);
  });
});

describe('withFallback', () => {
  it('switches for good when the first sample fails, closing the failed source', async () => {
    const primary = scripted('linux-procfs', 1);
    const fallback = scripted('systeminformation', 0);
    const src = withFallback(primary, () => fallback);
    const s = await src.sample();
    expect(s.errors).toEqual(['linux-procfs failed (linux-procfs cannot read); using systeminformation']);
    expect(primary.closed).toBe(true);
    await src.sample();
    expect(primary.calls).toBe(1);
    expect(fallback.calls).toBe(2);
  });

  it('keeps a source that has worked once: later failures are errors, not a switch', async () => {
    let fail = false;
    const primary: SocketSource = {
      name: 'linux-procfs',
      async sample() {
        if (fail) throw new Error('transient');
        return { time: 0, sockets: [], counters: null, skipped: 0, errors: [], durationMs: 0 };
      },
      ephemeralRange: async () => range,
    };
    const src = withFallback(primary, () => scripted('systeminformation', 0));
    await src.sample();
    fail = true;
    await expect(src.sample()).rejects.toThrow('transient');
    expect(src.name).toBe('linux-procfs');
  });
});
