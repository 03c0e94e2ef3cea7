import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchSocket, parseFilter, type FilterContext, type SocketFilter } from './filter';
import type { Socket } from './model';
import { testSocket } from './filter-fixtures';

const ctx: FilterContext = { ephemeralRange: { low: 32768, high: 60999 } };

const sock = (p: Partial<Socket> & Pick<Socket, 'localPort'>): Socket =>
  testSocket({ remoteAddress: '0.0.0.0', remotePort: 0, ...p });

/** A small table resembling `ss -tunap` on a developer laptop. */
const TABLE: Socket[] = [
  sock({ localPort: 22, state: 'LISTEN', localAddress: '0.0.0.0', owner: { pid: 812, startTime: 50, name: 'sshd' } }),
  sock({ localPort: 631, state: 'LISTEN', family: 6, localAddress: '::1', owner: null }),
  sock({
    localPort: 60430,
    remoteAddress: '10.0.0.5',
    remotePort: 443,
    owner: { pid: 4242, startTime: 9000, name: 'Google Chrome' },
  }),
  sock({ localPort: 51000, remoteAddress: '93.184.216.34', remotePort: 80, state: 'TIME_WAIT', inode: 0 }),
  sock({
    localPort: 40000,
    family: 6,
    localAddress: '::ffff:192.168.1.20',
    remoteAddress: '::ffff:10.0.0.5',
    remotePort: 8443,
    state: 'CLOSE_WAIT',
    owner: { pid: 4300, startTime: 9100, name: 'node' },
  }),
  sock({
    localPort: 5353,
    proto: 'udp',
    state: 'UNCONN',
    localAddress: '0.0.0.0',
    owner: { pid: 600, startTime: 10, name: 'avahi-daemon' },
  }),
  sock({
    localPort: 61500,
    family: 6,
    proto: 'udp',
    state: 'ESTABLISHED',
    localAddress: 'fe80::1c2:3ff:fe44:5566%wlan0',
    remoteAddress: '2606:4700::6810:84e5',
    remotePort: 443,
    owner: { pid: 4242, startTime: 9000, name: 'Google Chrome' },
  }),
  sock({
    localPort: 33000,
    state: 'SYN_SENT',
    remoteAddress: '10.1.2.3',
    remotePort: 22,
    owner: { pid: 900, startTime: 1, name: 'ssh' },
  }),
];

function ok(text: string): SocketFilter {
  const r = parseFilter(text);
  if (!r.ok) throw new Error(`expected '${text}' to parse, got: ${r.error} at ${r.at}`);
  return r.filter;
}

/** Local ports of the rows a query keeps, in table order. */
function ports(text: string): number[] {
  const f = ok(text);
  return TABLE.filter((s) => matchSocket(f, s, ctx)).map((s) => s.localPort);
}

function bad(text: string): { error: string; at: number } {
  const r = parseFilter(text);
  if (r.ok) throw new Error(`expected '${text}' to fail`);
  return r;
}

describe('parseFilter + matchSocket', () => {
  it('matches everything when the query is empty or blank', () => {
    expect(ports('')).toHaveLength(TABLE.length);
    expect(ports('   \t ')).toHaveLength(TABLE.length);
  });

  it('port matches local or remote, single or range, and comma lists', () => {
    expect(ports('port:443')).toEqual([60430, 61500]);
    expect(ports('port:22')).toEqual([22, 33000]);
    expect(ports('port:60000-61000')).toEqual([60430]);
    expect(ports('port:22,631')).toEqual([22, 631, 33000]);
  });

  it('lport and rport look at one side only', () => {
    expect(ports('lport:22')).toEqual([22]);
    expect(ports('rport:22')).toEqual([33000]);
    expect(ports('sport:631')).toEqual([631]);
  });

  it('proc is a case-insensitive substring of the owner name, never matching unknown owners', () => {
    expect(ports('proc:chrome')).toEqual([60430, 61500]);
    expect(ports('proc:SSH')).toEqual([22, 33000]);
    expect(ports('proc:"google chrome"')).toEqual([60430, 61500]);
    expect(ports('-proc:ssh')).toEqual([631, 60430, 51000, 40000, 5353, 61500]);
  });

  it('pid matches the owner pid, and pid:none the rows without an owner', () => {
    expect(ports('pid:4242')).toEqual([60430, 61500]);
    expect(ports('pid:none')).toEqual([631, 51000]);
    expect(ports('-pid:none')).toHaveLength(TABLE.length - 2);
  });

  it('state accepts names, aliases and prefixes', () => {
    expect(ports('state:estab')).toEqual([60430, 61500]);
    expect(ports('state:ESTABLISHED')).toEqual([60430, 61500]);
    expect(ports('state:listen')).toEqual([22, 631]);
    expect(ports('state:tw')).toEqual([51000]);
    expect(ports('state:time-wait')).toEqual([51000]);
    expect(ports('state:close-wait')).toEqual([40000]);
    expect(ports('state:syn')).toEqual([33000]);
    expect(ports('state:unconn')).toEqual([5353]);
    expect(ports('state:listen,tw')).toEqual([22, 631, 51000]);
    expect(ports('-state:listen')).toEqual([60430, 51000, 40000, 5353, 61500, 33000]);
  });

  it('state:close means CLOSE exactly, not CLOSE_WAIT', () => {
    const f = ok('state:close');
    expect(f.clauses[0]?.term).toEqual({ kind: 'state', states: ['CLOSE'] });
  });

  it('proto narrows by protocol and optionally family', () => {
    expect(ports('proto:udp')).toEqual([5353, 61500]);
    expect(ports('proto:tcp6')).toEqual([631, 40000]);
    expect(ports('proto:UDP4')).toEqual([5353]);
  });

  it('remote and local match addresses, address:port, CIDR and IPv4-mapped IPv6', () => {
    expect(ports('remote:10.0.0.5')).toEqual([60430, 40000]);
    expect(ports('remote:10.0.0.5:443')).toEqual([60430]);
    expect(ports('remote:10.0.0.0/8')).toEqual([60430, 40000, 33000]);
    expect(ports('remote:2606:4700::/32')).toEqual([61500]);
    expect(ports('remote:[2606:4700::6810:84e5]:443')).toEqual([61500]);
    expect(ports('local:::1')).toEqual([631]);
    expect(ports('local:fe80::/10')).toEqual([61500]);
    expect(ports('local:192.168.1.20')).toEqual([40000]);
  });

  it('eph uses the machine range from the context, iana the local port class', () => {
    expect(ports('eph')).toEqual([60430, 51000, 40000, 33000]);
    expect(ports('-eph')).toEqual([22, 631, 5353, 61500]);
    const narrow: FilterContext = { ephemeralRange: { low: 49152, high: 65535 } };
    const f = ok('eph');
    expect(TABLE.filter((s) => matchSocket(f, s, narrow)).map((s) => s.localPort)).toEqual([60430, 51000, 61500]);
    expect(ports('iana:dynamic')).toEqual([60430, 51000, 61500]);
    expect(ports('iana:well-known')).toEqual([22, 631]);
    expect(ports('iana:reg')).toEqual([40000, 5353, 33000]);
  });

  it('free text searches addresses, ports and owner names', () => {
    expect(ports('avahi')).toEqual([5353]);
    expect(ports('10.0.0.5:443')).toEqual([60430]);
    expect(ports('[::1]:631')).toEqual([631]);
    expect(ports('93.184')).toEqual([51000]);
    expect(ports('"google chrome"')).toEqual([60430, 61500]);
    expect(ports('-chrome')).toHaveLength(TABLE.length - 2);
  });

  it('ANDs every term', () => {
    expect(ports('proc:chrome proto:tcp')).toEqual([60430]);
    expect(ports('eph -state:tw  rport:443,8443')).toEqual([60430, 40000]);
  });

  it('keys are case-insensitive and accept ss/lsof aliases', () => {
    expect(ports('PORT:22 Process:sshd')).toEqual([22]);
    expect(ports('dport:80')).toEqual([51000]);
  });
});

describe('parseFilter errors', () => {
  it('names the unknown key and lists the known ones', () => {
    const r = bad('state:listen foo:1');
    expect(r.error).toBe(
      "unknown key 'foo' (known: port, lport, rport, proc, pid, state, proto, remote, local, iana, ns, container, eph)",
    );
    expect(r.at).toBe(13);
  });

  it('rejects ports out of range, backwards ranges and non-numbers', () => {
    expect(bad('port:70000')).toEqual({ ok: false, error: 'port 70000 is out of range 0-65535', at: 5 });
    expect(bad('port:60000-70000').error).toBe('port 70000 is out of range 0-65535');
    expect(bad('lport:61000-60000').error).toBe('range 61000-60000 is backwards: write 60000-61000');
    expect(bad('rport:https').error).toBe("'https' is not a port number or range like 60000-61000");
    expect(bad('remote:10.0.0.5:99999').error).toBe('port 99999 is out of range 0-65535');
  });

  it('rejects empty values and empty list items', () => {
    expect(bad('port:')).toEqual({ ok: false, error: "empty value for 'port:'", at: 5 });
    expect(bad('proc:chrome state:').at).toBe(18);
    expect(bad('port:80,').error).toBe("empty item in list '80,'");
  });

  it('rejects bad states, protocols, classes, pids and addresses', () => {
    expect(bad('state:bogus').error).toBe(
      "unknown state 'bogus' (try estab, listen, tw, close-wait, syn, fin, unconn)",
    );
    expect(bad('proto:sctp').error).toBe("unknown protocol 'sctp' (use tcp or udp, optionally with 4 or 6)");
    expect(bad('iana:private-ish').error).toContain("unknown IANA class 'private-ish'");
    expect(bad('pid:0').error).toBe('pid 0 is not a valid process id');
    expect(bad('pid:abc').error).toContain("'abc' is not a pid");
    expect(bad('remote:10.0.0.500').error).toContain("'10.0.0.500' is not an IP address");
    expect(bad('remote:10.0.0.0/33').error).toContain("'10.0.0.0/33' is not an IP address");
  });

  it('rejects an unterminated quote and a dangling minus, pointing at them', () => {
    expect(bad('proc:"google chrome')).toEqual({ ok: false, error: 'unterminated quote: add the closing "', at: 5 });
    expect(bad('port:22 - state:listen')).toEqual({
      ok: false,
      error: "'-' needs a term right after it, e.g. -state:listen",
      at: 8,
    });
    expect(bad('""').error).toBe('empty quotes: put text between them');
  });

  it('treats addresses with colons as text, not as unknown keys', () => {
    expect(parseFilter('fe80::1').ok).toBe(true);
    expect(parseFilter('dead:beef::1').ok).toBe(true);
    expect(parseFilter('"foo:1"').ok).toBe(true);
  });
});

describe('parseFilter properties', () => {
  const sockets = fc.record({
    localPort: fc.integer({ min: 0, max: 65535 }),
    remotePort: fc.integer({ min: 0, max: 65535 }),
    state: fc.constantFrom('ESTABLISHED', 'LISTEN', 'TIME_WAIT', 'UNCONN', 'CLOSE_WAIT') as fc.Arbitrary<
      Socket['state']
    >,
  });

  it('never throws on any string and always returns ok or an error with a position inside the query', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        const r = parseFilter(text);
        if (!r.ok) {
          expect(r.error.length).toBeGreaterThan(0);
          expect(r.at).toBeGreaterThanOrEqual(0);
          expect(r.at).toBeLessThanOrEqual(text.length);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on strings built from the language alphabet, and matching never throws', () => {
    const word = fc.constantFrom(
      'port:',
      'lport:',
      'state:',
      'proto:',
      'remote:',
      'pid:',
      'iana:',
      'eph',
      '-',
      '"',
      ',',
      ':',
      '/',
      '[',
      ']',
      '80',
      '65536',
      '10.0.0.1',
      '::',
      'tw',
      'x',
      ' ',
    );
    fc.assert(
      fc.property(fc.array(word, { maxLength: 12 }), fc.array(sockets, { maxLength: 5 }), (parts, rows) => {
        const r = parseFilter(parts.join(''));
        if (r.ok) for (const p of rows) matchSocket(r.filter, sock(p), ctx);
      }),
      { numRuns: 1500 },
    );
  });

  it('a negated term keeps exactly the rows the plain term drops', () => {
    const term = fc.constantFrom('port:443', 'state:listen', 'eph', 'iana:dynamic', 'proto:udp', 'chrome', 'pid:none');
    fc.assert(
      fc.property(term, (t) => {
        const plain = ports(t);
        const negated = ports(`-${t}`);
        expect(plain.length + negated.length).toBe(TABLE.length);
        expect(plain.filter((p) => negated.includes(p))).toEqual([]);
      }),
    );
  });

  it('port:N matches exactly when the local or remote port is N', () => {
    fc.assert(
      fc.property(sockets, fc.integer({ min: 0, max: 65535 }), (row, n) => {
        const f = ok(`port:${n}`);
        expect(matchSocket(f, sock(row), ctx)).toBe(row.localPort === n || row.remotePort === n);
      }),
    );
  });
});
