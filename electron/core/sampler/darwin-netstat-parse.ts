/**
 * Parser for macOS `netstat -anv -p tcp` / `-p udp`. Apple has moved the owner column three times,
 * so the layout is read from each header line, never assumed:
 * - up to Sonoma: `(state) rhiwat shiwat pid epid ...` (a bare pid);
 * - Sequoia: `(state) rxbytes txbytes rhiwat shiwat pid epid ...`;
 * - Tahoe (macOS 26): `(state) rxbytes txbytes rhiwat shiwat process:pid ...`, where the process
 *   name is cut to 16 characters and may hold spaces ('Google Chrome H:777', 'Antigravity IDE :2086').
 * Addresses put the port after the last dot ('127.0.0.1.60430', '::1.3000', '*.*'). Without -W
 * netstat cuts addresses to 16 characters; a cut IPv6 address cannot be told from a real one, so a
 * 16-character IPv6 address in narrow output is refused rather than reported wrong.
 */
import type { Family, Proto, SocketState } from '../../../shared/model';
import { portOfService } from '../service/port-names';
import type { NamedEndpoint } from './parse-address';
import { parseNamedEndpoint } from './parse-address';
import { buildSocket, count, fields, netstatState, ownerOf, RowCollector, textLines, udpState } from './parse-rows';
import type { ParseResult } from './types';

/** Where the owner sits, as one header line says. */
interface Layout {
  /** Index of the owner column among the fields after the state, or null when -v was not given. */
  ownerAt: number | null;
  /** True for Tahoe's 'process:pid'; false for a bare pid column. */
  named: boolean;
  /** True when -W widened the address columns, so addresses are never cut. */
  wide: boolean;
}

const NO_OWNER_LAYOUT: Layout = { ownerAt: null, named: false, wide: false };
const PROTO = /^(tcp|udp)(4|6|46)$/;
const NAMED_PID = /:(\d+)$/;
const CUT_WIDTH = 16;

/** The layout a header line announces, or null when the line is not the socket-table header. */
export function darwinLayout(line: string): Layout | null {
  const local = line.indexOf('Local Address');
  const foreign = line.indexOf('Foreign Address');
  if (!/^Proto\s/.test(line) || local < 0 || foreign < 0) return null;
  const stateAt = line.toLowerCase().indexOf('(state)');
  const after = stateAt < 0 ? [] : fields(line.slice(stateAt + '(state)'.length));
  const namedAt = after.indexOf('process:pid');
  const pidAt = after.indexOf('pid');
  const wide = foreign - local > 24;
  if (namedAt >= 0) return { ownerAt: namedAt, named: true, wide };
  return { ownerAt: pidAt >= 0 ? pidAt : null, named: false, wide };
}

/** The owner in the columns after the state; a string is a refusal. */
function readOwner(rest: string[], layout: Layout): { pid: number | null; name: string } | string {
  const at = layout.ownerAt;
  if (at === null) return { pid: null, name: '' };
  for (let i = 0; i < at; i++) {
    if (count(rest[i]) === null) return `column ${i + 1} after the state is not a number`;
  }
  if (!layout.named) {
    const pid = count(rest[at]);
    return pid === null ? 'no pid where the header has one' : { pid, name: '' };
  }
  for (let j = at; j < Math.min(rest.length, at + 8); j++) {
    const m = NAMED_PID.exec(rest[j] ?? '');
    if (m) {
      const name = rest.slice(at, j + 1).join(' ').replace(NAMED_PID, '').trim();
      return { pid: Number(m[1]), name };
    }
  }
  return 'no process:pid where the header has one';
}

/**
 * An endpoint ('127.0.0.1.60430', 'localhost.ipp', '*.*'). Narrow netstat cuts addresses to 16
 * characters; a cut IPv6 address cannot be told from a real one, so a 16-character IPv6 host is
 * kept as printed (localHost) with its address unknown, never reported as a wrong full address.
 */
function endpoint(text: string, family: Family, proto: Proto, layout: Layout): NamedEndpoint | string {
  const mayBeCut = (host: string): boolean => !layout.wide && family === 6 && host.length >= CUT_WIDTH;
  return parseNamedEndpoint(text, '.', family, family, { proto, lookup: portOfService, mayBeCut }) ?? `malformed address '${text}'`;
}

function parseRow(f: string[], layout: Layout, rows: RowCollector, line: number): void {
  const m = PROTO.exec(f[0] ?? '')!;
  const proto = m[1] as Proto;
  const family: Family = m[2] === '4' ? 4 : 6;
  const rxQueue = count(f[1]);
  const txQueue = count(f[2]);
  if (rxQueue === null || txQueue === null) return rows.refuse(line, 'queue columns are not numbers');
  const local = endpoint(f[3] ?? '', family, proto, layout);
  if (typeof local === 'string') return rows.refuse(line, local);
  const remote = endpoint(f[4] ?? '', family, proto, layout);
  if (typeof remote === 'string') return rows.refuse(line, remote);
  let state: SocketState | null = udpState(remote);
  let rest = f.slice(5);
  if (proto === 'tcp') {
    state = netstatState(f[5] ?? '');
    if (state === null) return rows.refuse(line, `unknown TCP state '${f[5] ?? ''}'`);
    rest = f.slice(6);
  }
  const owner = readOwner(rest, layout);
  if (typeof owner === 'string') return rows.refuse(line, owner);
  rows.add(buildSocket({ proto, local, remote, state, rxQueue, txQueue, owner: ownerOf(owner.pid, owner.name) }), line);
}

/** Section titles after the internet sockets: their rows are no sockets this model holds. */
const OTHER_SECTION = /^(Active Multipath Internet connections|Active LOCAL \(UNIX\) domain sockets|Registered kernel control modules|Active kernel (event|control) sockets)/;
const INTERNET_SECTION = /^Active Internet connections/;

/**
 * Parses macOS netstat text (one or several `-p` sections, each with its own header). Plain
 * `netstat -a` goes on into Multipath, unix-domain and kernel sections: reading stops at each such
 * title until the next internet section, and their lines are noted, never read as rows.
 */
export function parseDarwinNetstat(text: string): ParseResult {
  const rows = new RowCollector('netstat');
  let layout = NO_OWNER_LAYOUT;
  let section: string | null = null;
  textLines(text).forEach((raw, index) => {
    const title = OTHER_SECTION.exec(raw.trim())?.[0];
    if (title !== undefined || INTERNET_SECTION.test(raw.trim())) {
      section = title ?? null;
      return;
    }
    const header = darwinLayout(raw);
    if (header) {
      layout = header;
      section = null;
      return;
    }
    if (section !== null) {
      if (raw.trim() !== '') rows.note(index + 1, 'other-section', `in the section '${section}' (not an internet socket)`);
      return;
    }
    const f = fields(raw);
    if (f.length === 0 || !PROTO.test(f[0] ?? '')) return;
    parseRow(f, layout, rows, index + 1);
  });
  return rows.result();
}
