/**
 * Parser for one line of `ss -E -tuna -e` output: a socket the kernel just destroyed. The columns
 * are those of `ss -tuna` (netid, state, queues, local, peer, then `ino:` and `sk:`), so the
 * address handling is ss-parse's, shared, never duplicated. A line that is not a destroy event
 * is refused with the reason and never turned into a wrong event.
 */
import type { Proto } from '../../../shared/model';
import { ssEndpoints, ssState } from '../sampler/ss-parse';
import type { DestroyEvent } from './types';

/** A parsed line: an event, the header or a blank line (skip), or a refusal. */
export type LineResult = { kind: 'event'; event: DestroyEvent } | { kind: 'skip' } | { kind: 'refused'; reason: string };

const QUEUE = /^-?\d{1,12}$/;
const COOKIE = /^sk:([0-9a-f]{1,16})$/;

/**
 * The `sk:` cookie among the trailing tokens, or undefined when missing or malformed. With -e ss
 * prints it on every destroy line, so a line without it was cut short (possibly mid-port) and is
 * refused rather than read as a different tuple.
 */
function cookieOf(tokens: readonly string[]): string | undefined {
  const token = tokens.find((t) => t.startsWith('sk:'));
  return token === undefined ? undefined : COOKIE.exec(token)?.[1];
}

/** Parses one output line; `time` is when it was read. */
export function parseDestroyLine(line: string, time: number): LineResult {
  const f = line.trim().split(/\s+/);
  const netid = f[0] ?? '';
  if (netid === '' || netid === 'Netid') return { kind: 'skip' };
  if (netid !== 'tcp' && netid !== 'udp') return { kind: 'refused', reason: `not a tcp/udp destroy line: '${line.slice(0, 80)}'` };
  const proto: Proto = netid;
  if (f.length < 6) return { kind: 'refused', reason: `too few columns: '${line.slice(0, 80)}'` };
  if (ssState(f[1] ?? '', proto) === null) return { kind: 'refused', reason: `unknown ${proto} state '${f[1] ?? ''}'` };
  if (!QUEUE.test(f[2] ?? '') || !QUEUE.test(f[3] ?? '')) return { kind: 'refused', reason: 'queue columns are not numbers' };
  const ends = ssEndpoints(f[4] ?? '', f[5] ?? '');
  if (typeof ends === 'string') return { kind: 'refused', reason: ends };
  const cookie = cookieOf(f.slice(6));
  if (cookie === undefined) return { kind: 'refused', reason: 'missing or malformed sk: cookie (line cut short?)' };
  const { local, remote } = ends;
  return {
    kind: 'event',
    event: {
      time,
      proto,
      family: local.family,
      localAddress: local.address,
      localPort: local.port,
      remoteAddress: remote.address,
      remotePort: remote.port,
      cookie,
    },
  };
}

/** How ss words a kernel drop on stderr ("netlink receive error No buffer space available (105)"). */
export function isKernelDropMessage(line: string): boolean {
  return /No buffer space available|ENOBUFS/.test(line);
}
