import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NetnsCounterText } from './netns-fingerprint';
import { parseNetnsFingerprint, parseSockstat, readNetnsFingerprint } from './netns-fingerprint';

const DIR = join(__dirname, 'fixtures/netns-counters');
const text = (dir: string, name: string) => readFileSync(join(dir, name), 'latin1');
const recorded = (dir = DIR): NetnsCounterText => ({
  snmp: text(dir, 'snmp'),
  snmp6: text(dir, 'snmp6'),
  sockstat: text(dir, 'sockstat'),
  sockstat6: text(dir, 'sockstat6'),
});

function keyOf(t: NetnsCounterText): string {
  const print = parseNetnsFingerprint(t);
  if ('error' in print) throw new Error(print.error);
  return print.key;
}

describe('the counters of a recorded namespace (3 TCP, 3 TIME_WAIT, 1 TCP6, 1 UDP, 1 UDP6)', () => {
  it('reads the per-namespace socket counts, none of the machine-wide ones', () => {
    const t = recorded();
    expect(parseSockstat(t.sockstat, t.sockstat6)).toEqual({ used: 6, tcp: 3, tw: 3, udp: 1, tcp6: 1, udp6: 1 });
    const print = parseNetnsFingerprint(t);
    expect(print).toMatchObject({ empty: new Set() });
    // snmp Tcp: ActiveOpens 4 PassiveOpens 4 CurrEstab 2 InSegs 23; Udp: OutDatagrams 1; Udp6OutDatagrams 1.
    expect(keyOf(t)).toBe('6 3 3 1 1 1|1 200 120000 -1 4 4 0 0 2 23 23 0 0 0 0|0 0 0 1 0 0 0 0 0|' + UDP6);
  });

  it('changes with any Tcp:, Udp:, Udp6 or socket count, and not with alloc, orphan or mem', () => {
    const t = recorded();
    const base = keyOf(t);
    const edits: [keyof NetnsCounterText, string, string][] = [
      ['snmp', ' 2 23 23 0 0 0 0', ' 2 24 23 0 0 0 0'],
      ['snmp', 'Udp: 0 0 0 1', 'Udp: 1 0 0 1'],
      ['snmp6', /Udp6InDatagrams\s+0/.exec(t.snmp6 ?? '')?.[0] ?? '?', 'Udp6InDatagrams 7'],
      ['sockstat', 'used 6', 'used 7'],
      ['sockstat', 'tw 3', 'tw 2'],
      ['sockstat6', 'TCP6: inuse 1', 'TCP6: inuse 2'],
    ];
    for (const [file, from, to] of edits) {
      const source = t[file] ?? '';
      expect(source.includes(from), `${file} has ${from}`).toBe(true);
      expect(keyOf({ ...t, [file]: source.replace(from, to) }), `${file}: ${to}`).not.toBe(base);
    }
    const global = t.sockstat
      .replace('orphan 0', 'orphan 5')
      .replace('alloc 84', 'alloc 90210')
      .replace('mem 284', 'mem 1');
    expect(keyOf({ ...t, sockstat: global })).toBe(base);
  });

  it('knows a family empty only when its inuse and (for TCP) tw are zero', () => {
    const t = recorded();
    const zero = t.sockstat.replace('TCP: inuse 3', 'TCP: inuse 0').replace('UDP: inuse 1', 'UDP: inuse 0');
    expect(parseNetnsFingerprint({ ...t, sockstat: zero })).toMatchObject({ empty: new Set(['udp']) });
    const noTw = zero.replace('tw 3', 'tw 0');
    expect(parseNetnsFingerprint({ ...t, sockstat: noTw })).toMatchObject({ empty: new Set(['tcp', 'udp']) });
    const six = (t.sockstat6 ?? '').replace('TCP6: inuse 1', 'TCP6: inuse 0').replace('UDP6: inuse 1', 'UDP6: inuse 0');
    expect(parseNetnsFingerprint({ ...t, sockstat: noTw, sockstat6: six, snmp6: null })).toMatchObject({
      empty: new Set(['tcp', 'tcp6', 'udp', 'udp6']),
    });
  });

  it('reads the host namespace recorded the same day, and a kernel without IPv6', () => {
    const host = recorded(join(DIR, 'host'));
    const print = parseNetnsFingerprint(host);
    if ('error' in print) throw new Error(print.error);
    expect(print.empty.has('tcp')).toBe(false);
    expect(parseNetnsFingerprint({ ...host, sockstat6: null, snmp6: null })).toMatchObject({ empty: expect.any(Set) });
    // tw counts both families: with TIME_WAIT sockets about, tcp6 is not called empty (without IPv6
    // its file is missing anyway, and the table read skips it).
    const none = parseNetnsFingerprint({ ...recorded(), sockstat6: null, snmp6: null });
    expect(none).toMatchObject({ empty: new Set(['udp6']) });
  });

  it('reads snmp6 only when IPv6 UDP sockets exist', () => {
    const paths: string[] = [];
    const read = (path: string) => (paths.push(path), text(DIR, path.split('/').pop() ?? ''));
    expect(readNetnsFingerprint(read, '/x/net')).toMatchObject({ key: keyOf(recorded()) });
    expect(paths.sort()).toEqual(['/x/net/snmp', '/x/net/snmp6', '/x/net/sockstat', '/x/net/sockstat6']);
    paths.length = 0;
    const noUdp6 = (path: string) => (paths.push(path), read(path).replace('UDP6: inuse 1', 'UDP6: inuse 0'));
    expect(readNetnsFingerprint(noUdp6, '/x/net')).toMatchObject({ empty: new Set(['udp6']) });
    expect(paths.filter((p) => p.endsWith('snmp6'))).toEqual([]);
  });
});

const UDP6 = [
  'Udp6InDatagrams=0',
  'Udp6NoPorts=0',
  'Udp6InErrors=0',
  'Udp6OutDatagrams=1',
  'Udp6RcvbufErrors=0',
  'Udp6SndbufErrors=0',
  'Udp6InCsumErrors=0',
  'Udp6IgnoredMulti=0',
  'Udp6MemErrors=0',
].join(' ');

describe('malformed counters: a clear reason, so the caller reads the tables in full', () => {
  const t = recorded();
  const cases: [string, Partial<NetnsCounterText>, RegExp][] = [
    ['a cut snmp', { snmp: t.snmp.slice(0, t.snmp.indexOf('Tcp: 1 ')) }, /snmp has no Tcp: header and value lines/],
    [
      'a Tcp: line one value short',
      { snmp: t.snmp.replace(' 2 23 23 0 0 0 0', ' 2 23 23 0 0 0') },
      /Tcp: has 16 names but 15 values/,
    ],
    [
      'a value that is no number',
      { snmp: t.snmp.replace(' 2 23 23 ', ' 2 x 23 ') },
      /Tcp: has a value that is not an integer/,
    ],
    ['a negative count', { snmp: t.snmp.replace(' 2 23 23 ', ' -2 23 23 ') }, /Tcp: lacks CurrEstab/],
    ['no Udp:', { snmp: t.snmp.replace(/^Udp:.*$/gm, '') }, /no Udp:/],
    ['sockstat without tw', { sockstat: t.sockstat.replace(' tw 3', '') }, /sockstat has no readable "TCP: tw"/],
    ['sockstat with an odd field', { sockstat: t.sockstat.replace('inuse 3', 'inuse') }, /"TCP: inuse"/],
    ['an empty sockstat', { sockstat: '' }, /"sockets: used"/],
    ['a garbled sockstat6', { sockstat6: 'TCP6: inuse one\n' }, /sockstat6 has no readable "TCP6: inuse"/],
    [
      'a garbled snmp6 line',
      { snmp6: t.snmp6?.replace(/Udp6NoPorts\s+0/, 'Udp6NoPorts zero') },
      /snmp6 line "Udp6NoPorts zero" is not/,
    ],
    ['snmp6 without Udp6', { snmp6: '' }, /snmp6 lacks Udp6InDatagrams/],
    ['snmp6 missing with IPv6 UDP sockets', { snmp6: null }, /snmp6 is missing/],
  ];
  for (const [what, change, reason] of cases) {
    it(`refuses ${what}`, () => {
      const print = parseNetnsFingerprint({ ...t, ...change });
      expect('error' in print ? print.error : print).toMatch(reason);
    });
  }

  it('never throws and never calls a table empty that the text does not say is empty', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (snmp, sockstat, sockstat6) => {
        const print = parseNetnsFingerprint({ snmp, snmp6: null, sockstat, sockstat6 });
        expect('error' in print).toBe(true);
      }),
    );
  });
});
