/**
 * fast-check generators shared by the parser property tests: addresses in the spellings the tools
 * print, with the canonical text each must become. The IPv6 oracle is the WHATWG URL serializer
 * (RFC 5952 compression, lowercase), independent of the code under test. Test-only module.
 */
import fc from 'fast-check';
import { SocketSchema } from '../../../shared/model';
import type { ParseResult } from './types';

/** An address as a tool prints it and the canonical text a parser must produce. */
export interface AddressCase {
  printed: string;
  canonical: string;
}

/** A dotted quad (printed and canonical are the same). */
export const ipv4Case: fc.Arbitrary<AddressCase> = fc
  .tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255))
  .map((o) => ({ printed: o.join('.'), canonical: o.join('.') }));

/** The WHATWG URL host serializer: RFC 5952 text for any IPv6 address. */
export function urlCanonicalIpv6(text: string): string {
  return new URL(`http://[${text}]/`).hostname.slice(1, -1);
}

/** An IPv6 address (never IPv4-mapped) printed in full, zero-padded, in random case. */
export const ipv6Case: fc.Arbitrary<AddressCase> = fc
  .tuple(fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff })), { minLength: 8, maxLength: 8 }), fc.boolean())
  .filter(([g]) => !(g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff))
  .map(([groups, upper]) => {
    const full = groups.map((g) => g.toString(16).padStart(4, '0')).join(':');
    const printed = upper ? full.toUpperCase() : full;
    return { printed, canonical: urlCanonicalIpv6(full) };
  });

/** A port number 1..65535. */
export const portArb = fc.integer({ min: 1, max: 65535 });

/** A pid that the model accepts (positive). */
export const pidArb = fc.integer({ min: 1, max: 4_194_304 });

/** Random text lines, including tool-like tokens, for "never throws" properties. */
export const noiseText: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc.string(),
      fc.constantFrom('tcp', 'udp', 'TCP', 'UDP', 'tcp4', 'udp6', '*.*', '*:*', '[::]:0', 'LISTEN', 'ESTAB', '->', 'IPv4', 'users:(("x",pid=1,fd=2))', 'ino:1', '0', '65536', ':', '.', '%'),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(' '));

/** Several noise lines joined with LF or CRLF. */
export const noiseCapture: fc.Arbitrary<string> = fc
  .tuple(fc.array(noiseText, { maxLength: 8 }), fc.boolean())
  .map(([lines, crlf]) => lines.join(crlf ? '\r\n' : '\n'));

/** True when every row of a result is a valid Socket and the counts add up. */
export function wellFormed(result: ParseResult): boolean {
  const ids = new Set(result.sockets.map((s) => s.id));
  return (
    ids.size === result.sockets.length &&
    result.sockets.every((s) => SocketSchema.safeParse(s).success) &&
    result.skipped >= 0 &&
    (result.skipped === 0) === (result.firstError === null)
  );
}
