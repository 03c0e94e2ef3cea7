/**
 * Generated headerless and name-resolved lines in every tool's layout: each must be read as
 * exactly the row it was made from (address or printed name, port or IANA port or "unknown",
 * owner, state), and no generated line may throw or become a wrong row. The oracles are written
 * here from the tools' documented layouts and IANA's registry, not from the parsers' code.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Socket } from '../../../shared/model';
import { SocketSchema } from '../../../shared/model';
import { parseCapture } from '../sampler/detect-format';
import { ipv4Case, ipv6Case, noiseCapture, pidArb, portArb, urlCanonicalIpv6, wellFormed } from '../sampler/parse-arbitraries';
import type { AddressCase } from '../sampler/parse-arbitraries';

/** Names IANA registers on one TCP port (from the IANA registry), and names it does not register. */
const SERVICES: readonly (readonly [string, number])[] = [['http', 80], ['ssh', 22], ['smtp', 25], ['domain', 53], ['https', 443], ['imap', 143], ['ipp', 631]];
const service = fc.constantFrom(...SERVICES);
const unregistered = fc.stringMatching(/^[a-z]{6,10}$/).map((s) => `zq${s}`);

/** A host printed as a name (letters first, so it can never read as an address). */
const hostName = fc.tuple(fc.stringMatching(/^[a-z][a-z0-9-]{0,7}$/), fc.constantFrom('', '.lan', '.example.com')).map(([a, b]) => `${a}${b}`);

type HostGen = { kind: 'v4' | 'v6'; c: AddressCase } | { kind: 'name'; name: string };
type PortGen = { kind: 'number'; port: number } | { kind: 'service'; name: string; port: number } | { kind: 'unknown'; name: string };

const hostGen: fc.Arbitrary<HostGen> = fc.oneof(
  ipv4Case.map((c) => ({ kind: 'v4' as const, c })),
  ipv6Case.map((c) => ({ kind: 'v6' as const, c })),
  hostName.map((name) => ({ kind: 'name' as const, name })),
);
const portGen: fc.Arbitrary<PortGen> = fc.oneof(
  portArb.map((port) => ({ kind: 'number' as const, port })),
  service.map(([name, port]) => ({ kind: 'service' as const, name, port })),
  unregistered.map((name) => ({ kind: 'unknown' as const, name })),
);

const portText = (p: PortGen): string => (p.kind === 'number' ? String(p.port) : p.name);
const hostText = (h: HostGen, bracket: boolean): string =>
  h.kind === 'name' ? h.name : h.kind === 'v6' ? (bracket ? `[${h.c.printed}]` : h.c.printed) : h.c.printed;

/** One endpoint's expected fields, named without the 'local'/'remote' prefix. */
type EndpointFields = Record<string, string | number>;

/** What the row must hold for one endpoint; `cut` when the tool may have cut it (kept as printed). */
function expectEndpoint(h: HostGen, p: PortGen, cut = false): EndpointFields {
  const out: EndpointFields = { port: p.kind === 'unknown' ? 0 : p.port };
  if (p.kind !== 'number') out.PortName = p.name;
  if (h.kind === 'name' || cut) {
    out.address = '';
    out.Host = h.kind === 'name' ? h.name : h.c.printed;
  } else out.address = h.c.canonical;
  return out;
}

/** Flattens an expected endpoint into the Socket's field names. */
function side(prefix: 'local' | 'remote', e: EndpointFields): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) out[`${prefix}${k[0]!.toUpperCase()}${k.slice(1)}`] = v;
  return out;
}

const rowGen = fc.record({ lh: hostGen, lp: portGen, rh: hostGen, rp: portGen, pid: pidArb, name: fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/) });
type Row = typeof rowGen extends fc.Arbitrary<infer T> ? T : never;

/** One family for both ends, as a real row has (a name takes the other end's family). */
const sameFamily = (r: Row): boolean => !(r.lh.kind === 'v4' && r.rh.kind === 'v6') && !(r.lh.kind === 'v6' && r.rh.kind === 'v4');
const familyOf = (r: Row): 4 | 6 => (r.lh.kind === 'v6' || r.rh.kind === 'v6' ? 6 : 4);

function onlyRow(text: string): Socket {
  const parsed = parseCapture(text);
  if (!parsed.ok) throw new Error(parsed.error);
  expect(parsed.result.sockets).toHaveLength(1);
  const s = parsed.result.sockets[0]!;
  expect(SocketSchema.safeParse(s).success).toBe(true);
  return s;
}

describe('generated headerless, name-resolved rows are read as exactly what they say', () => {
  it('Linux netstat (grep-ed): names, service names, unbracketed IPv6, cut columns kept as printed', () => {
    fc.assert(
      fc.property(rowGen.filter(sameFamily), (r) => {
        const local = `${hostText(r.lh, false)}:${portText(r.lp)}`;
        const remote = `${hostText(r.rh, false)}:${portText(r.rp)}`;
        const proto = familyOf(r) === 6 ? 'tcp6' : 'tcp';
        const s = onlyRow(`${proto}        0      0 ${local} ${remote} ESTABLISHED ${r.pid}/${r.name}`);
        // Without -W netstat cuts "address:port" to 23 characters: such a host is kept as printed.
        const cut = (text: string, h: HostGen) => text.length >= 23 && h.kind === 'v6';
        expect(s).toMatchObject({
          proto: 'tcp', family: familyOf(r), state: 'ESTABLISHED', owner: { pid: r.pid, name: r.name },
          ...side('local', expectEndpoint(r.lh, r.lp, cut(local, r.lh))),
          ...side('remote', expectEndpoint(r.rh, r.rp, cut(remote, r.rh))),
        });
      }),
    );
  });

  it('ss without a header or Netid column (ss -tlnp | grep): LISTEN rows are TCP', () => {
    fc.assert(
      fc.property(rowGen.filter((r) => r.lh.kind !== 'name'), (r) => {
        const s = onlyRow(`LISTEN 0      128     ${hostText(r.lh, true)}:${portText(r.lp)}      ${r.lh.kind === 'v6' ? '[::]' : '0.0.0.0'}:*    users:(("${r.name}",pid=${r.pid},fd=3))`);
        expect(s).toMatchObject({ proto: 'tcp', state: 'LISTEN', family: r.lh.kind === 'v6' ? 6 : 4, owner: { pid: r.pid, name: r.name }, ...side('local', expectEndpoint(r.lh, r.lp)) });
      }),
    );
  });

  it('lsof (grep-ed, no -n -P): names on both ends, KAME-scoped link-local addresses undone', () => {
    const kame = fc.tuple(fc.integer({ min: 1, max: 0xffff }), fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 6, maxLength: 6 }));
    fc.assert(
      fc.property(rowGen.filter(sameFamily), fc.option(kame), (r, scoped) => {
        const v6 = familyOf(r) === 6;
        const lh: HostGen = scoped === null || !v6 ? r.lh : { kind: 'v6', c: kameCase(scoped[0], scoped[1]) };
        const line = `${r.name} ${r.pid} user 5u IPv${v6 ? 6 : 4} 123456 0t0 TCP ${hostText(lh, true)}:${portText(r.lp)}->${hostText(r.rh, true)}:${portText(r.rp)} (ESTABLISHED)`;
        const s = onlyRow(line);
        expect(s).toMatchObject({ family: v6 ? 6 : 4, inode: 123456, state: 'ESTABLISHED', owner: { pid: r.pid, name: r.name }, ...side('local', expectEndpoint(lh, r.lp)), ...side('remote', expectEndpoint(r.rh, r.rp)) });
      }),
    );
  });

  it('Windows netstat (findstr, no -n): names and service names, scoped IPv6 with %index', () => {
    fc.assert(
      fc.property(rowGen.filter((r) => r.lh.kind !== 'name' && sameFamily(r)), fc.option(fc.integer({ min: 1, max: 99 })), (r, zone) => {
        const lh: HostGen = zone !== null && r.lh.kind === 'v6' ? { kind: 'v6', c: { printed: `${r.lh.c.printed}%${zone}`, canonical: `${r.lh.c.canonical}%${zone}` } } : r.lh;
        const s = onlyRow(`  TCP    ${hostText(lh, true)}:${portText(r.lp)}    ${hostText(r.rh, true)}:${portText(r.rp)}    ESTABLISHED     ${r.pid}`);
        expect(s).toMatchObject({ state: 'ESTABLISHED', owner: { pid: r.pid }, ...side('local', expectEndpoint(lh, r.lp)), ...side('remote', expectEndpoint(r.rh, r.rp)) });
      }),
    );
  });

  it('macOS netstat (no -n): host.port names; a 16-character IPv6 host may be cut and is kept as printed', () => {
    fc.assert(
      fc.property(rowGen.filter(sameFamily), (r) => {
        const v6 = familyOf(r) === 6;
        const print = (h: HostGen) => (h.kind === 'v6' ? h.c.canonical : hostText(h, false));
        const s = onlyRow(`tcp${v6 ? 6 : 4}       0      0  ${print(r.lh)}.${portText(r.lp)}  ${print(r.rh)}.${portText(r.rp)}  ESTABLISHED`);
        const cut = (h: HostGen) => h.kind === 'v6' && h.c.canonical.length >= 16;
        const shown = (h: HostGen): HostGen => (h.kind === 'v6' && cut(h) ? { kind: 'v6', c: { printed: h.c.canonical, canonical: h.c.canonical } } : h);
        expect(s).toMatchObject({ family: v6 ? 6 : 4, state: 'ESTABLISHED', ...side('local', expectEndpoint(shown(r.lh), r.lp, cut(r.lh))), ...side('remote', expectEndpoint(shown(r.rh), r.rp, cut(r.rh))) });
      }),
    );
  });
});

/** A KAME-embedded link-local address ('fe80:SCOPE::…') and the scoped address it stands for. */
function kameCase(scope: number, tail: number[]): AddressCase {
  const groups = [0xfe80, scope, ...tail];
  const printed = groups.map((g) => g.toString(16)).join(':');
  return { printed, canonical: `${urlCanonicalIpv6([0xfe80, 0, ...tail].map((g) => g.toString(16)).join(':'))}%${scope}` };
}

describe('noise and mixed lines', () => {
  it('never throws and never makes an invalid row, on any text', () => {
    fc.assert(fc.property(noiseCapture, (text) => {
      const r = parseCapture(text);
      return r.ok ? wellFormed(r.result) : r.error.includes('linux-netstat');
    }));
  });

  it('one real-shaped row among noise lines is read, and the noise is counted, never read as rows', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[A-Za-z ,.!?-]{0,40}$/), { maxLength: 6 }), pidArb, portArb, (noise, pid, port) => {
        const lines = [...noise, `tcp        0      0 127.0.0.1:${port}          0.0.0.0:*               LISTEN      ${pid}/prog`];
        const r = parseCapture(lines.join('\n'));
        if (!r.ok) return false;
        expect(r.result.sockets).toHaveLength(1);
        expect(r.result.sockets[0]).toMatchObject({ localAddress: '127.0.0.1', localPort: port, owner: { pid } });
        return r.result.rowLines?.size === 1;
      }),
    );
  });
});
