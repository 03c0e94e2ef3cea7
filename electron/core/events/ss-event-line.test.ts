import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ipv4Case, ipv6Case, noiseText, portArb } from '../sampler/parse-arbitraries';
import { isKernelDropMessage, parseDestroyLine, type LineResult } from './ss-event-line';
import type { DestroyEvent } from './types';

const fixture = (name: string): string[] => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8').split('\n');

function parseAll(lines: string[]): { events: DestroyEvent[]; refused: string[]; skipped: number } {
  const out = { events: [] as DestroyEvent[], refused: [] as string[], skipped: 0 };
  for (const line of lines) {
    const r = parseDestroyLine(line, 1000);
    if (r.kind === 'event') out.events.push(r.event);
    else if (r.kind === 'refused') out.refused.push(r.reason);
    else out.skipped += 1;
  }
  return out;
}

const tuple = (e: DestroyEvent): string => `${e.proto} ${e.localAddress}:${e.localPort} ${e.remoteAddress}:${e.remotePort} ${e.cookie}`;

describe('parseDestroyLine on recorded ss -E output', () => {
  it('reads every line of the loopback recording, including the RST client whose tuple the kernel cleared', () => {
    const { events, refused, skipped } = parseAll(fixture('ss-E-loopback-v4-v6.txt'));
    expect(refused).toEqual([]);
    expect(skipped).toBe(2); // the header and the final empty line
    expect(events).toHaveLength(40);
    expect(events.slice(0, 2).map(tuple)).toEqual([
      'tcp 0.0.0.0:59556 127.0.0.1:0 103ca',
      'tcp 127.0.0.1:46821 127.0.0.1:59556 103cb',
    ]);
    expect(tuple(events[6]!)).toBe('tcp ::1:49566 ::1:46821 103d0');
    expect(events[6]!.family).toBe(6);
    expect(tuple(events[8]!)).toBe('udp 127.0.0.1:33864 0.0.0.0:0 103d2');
    // an idle UDP socket that was never bound: any-address, port 0 on both sides
    expect(tuple(events[10]!)).toBe('udp :::0 :::0 ad06');
  });

  it('keeps IPv4-mapped server sides, the IPv6 RST client and a refused connect', () => {
    const { events, refused } = parseAll(fixture('ss-E-dualstack-refused-udp.txt'));
    expect(refused).toEqual([]);
    const texts = events.map(tuple);
    expect(texts).toContain('tcp ::ffff:127.0.0.1:43933 ::ffff:127.0.0.1:44450 26f77');
    expect(texts).toContain('tcp 0.0.0.0:44450 127.0.0.1:0 26f76');
    expect(texts).toContain('tcp :::44610 ::1:0 26f7f');
    expect(texts).toContain('tcp 127.0.0.1:48298 127.0.0.1:1 26f7e');
    expect(texts).toContain('udp ::1:40535 ::1:53 26f80');
    expect(events.every((e) => e.time === 1000)).toBe(true);
  });

  it('reads a nobody client\'s FIN and RST destroy lines, which say nothing of whose socket it was', () => {
    const lines = fixture('ss-E-nobody-client.txt');
    const { events, refused } = parseAll(lines);
    expect(refused).toEqual([]);
    const texts = events.map(tuple);
    expect(texts).toContain('tcp 127.0.0.1:50190 127.0.0.1:41505 54fb84'); // nobody, FIN
    expect(texts).toContain('tcp 0.0.0.0:50198 127.0.0.1:0 54fcdc'); // nobody, RST
    expect(texts).toContain('tcp 0.0.0.0:50224 127.0.0.1:0 54c80c'); // root, RST: the same words
    // The kernel reports a destroyed socket with uid 0 (not printed) whoever owned it; the same
    // user's live sockets do carry it.
    expect(lines.filter((l) => l.includes('uid:'))).toEqual([]);
    const live = fixture('ss-tna-e-nobody-live.txt').filter((l) => /^(LISTEN|ESTAB|CLOSE-WAIT|FIN-WAIT-2) /.test(l));
    expect(live.map((l) => /uid:(\d+)/.exec(l)?.[1] ?? 'none')).toEqual(['65534', '65534', '65534', '65534', '65534', 'none']);
  });

  it('refuses each damaged line with a reason and still reads the good lines around them', () => {
    const { events, refused } = parseAll(fixture('ss-E-damaged.txt'));
    expect(events.map((e) => e.cookie)).toEqual(['26f71', '26f70', '26f74', '26f73', '2c018']);
    expect(refused).toHaveLength(8);
    expect(refused.join('\n')).toMatch(/too few columns/);
    expect(refused.join('\n')).toMatch(/malformed local address '127.0.0.1:99999'/);
    expect(refused.join('\n')).toMatch(/unknown tcp state 'WEIRD'/);
    expect(refused.join('\n')).toMatch(/malformed sk: cookie/);
    expect(refused).toContain("too few columns: 'tcp   UNCONN 0      0          127.0.0.1:3647'");
    expect(refused.join('\n')).toMatch(/not a tcp\/udp destroy line: 'raw/);
  });

  it('recognizes the kernel-drop message ss prints on stderr', () => {
    expect(isKernelDropMessage('netlink receive error No buffer space available (105)')).toBe(true);
    expect(isKernelDropMessage('tcp   UNCONN 0 0 127.0.0.1:1 127.0.0.1:2 ino:0 sk:1')).toBe(false);
  });
});

describe('parseDestroyLine properties', () => {
  it('never throws on arbitrary text and answers one of its three kinds', () => {
    fc.assert(
      fc.property(noiseText, (line) => {
        const r: LineResult = parseDestroyLine(line, 0);
        return ['event', 'skip', 'refused'].includes(r.kind);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads back exactly the tuple and cookie of any well-formed line', () => {
    const endpoint = fc.oneof(
      fc.tuple(ipv4Case, portArb).map(([a, p]) => ({ family: 4, printed: `${a.printed}:${p}`, address: a.canonical, port: p })),
      fc.tuple(ipv6Case, portArb).map(([a, p]) => ({ family: 6, printed: `[${a.printed}]:${p}`, address: a.canonical, port: p })),
    );
    fc.assert(
      fc.property(endpoint, portArb, fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), (local, rport, cookie) => {
        const remote = local.family === 4 ? `127.0.0.1:${rport}` : `[::1]:${rport}`;
        const line = `tcp   UNCONN 0      0   ${local.printed}    ${remote} ino:0 sk:${cookie.toString(16)}`;
        const r = parseDestroyLine(line, 5);
        if (r.kind !== 'event') return false;
        const e = r.event;
        return (
          e.localAddress === local.address &&
          e.localPort === local.port &&
          e.remotePort === rport &&
          e.family === local.family &&
          e.cookie === cookie.toString(16)
        );
      }),
      { numRuns: 500 },
    );
  });

  it('never turns a truncated line into an event with a different tuple', () => {
    const line = 'tcp   UNCONN 0      0          127.0.0.1:37903    127.0.0.1:50624 ino:0 sk:acba';
    for (let cut = 0; cut < line.length; cut += 1) {
      const r = parseDestroyLine(line.slice(0, cut), 0);
      if (r.kind !== 'event') continue;
      // only a cut inside the cookie may still parse, and then the tuple is whole
      expect(`${r.event.localPort} ${r.event.remotePort}`).toBe('37903 50624');
      expect('acba'.startsWith(r.event.cookie)).toBe(true);
    }
  });
});
