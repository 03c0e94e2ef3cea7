/**
 * The "address already in use" question for one port: may a server bind it on 0.0.0.0 and on
 * 127.0.0.1 right now, and if not, who is in the way (a listener, a connected client, a bound
 * UDP socket) or only in the way of servers without SO_REUSEADDR (a TIME_WAIT remnant). The
 * table explains; a real bind attempt, passed in, decides.
 */
import type { BindAnswer, BindProbe, Blocker, PortCheck, PortCheckRequest } from '../../../shared/action-model';
import { formatEndpoint } from '../../../shared/format';
import type { Proto, Socket } from '../../../shared/model';
import { ownersOf } from '../../../shared/owners';
import { portGroupOption } from '../../../shared/port-group';

/** A real bind attempt on address:port (with SO_REUSEADDR for TCP, as Node and most servers do). */
export type BindProbeFn = (address: string, port: number, proto: Proto) => Promise<BindProbe>;

/** The two addresses every answer covers, in order. */
export const CHECK_ADDRESSES = ['0.0.0.0', '127.0.0.1'] as const;

const WILDCARDS = new Set(['0.0.0.0', '::']);

/** The IPv4 text of an address (IPv4-mapped IPv6 unwrapped), or null for a real IPv6 address. */
function v4Of(address: string): string | null {
  if (address.startsWith('::ffff:') && address.includes('.')) return address.slice(7);
  return address.includes(':') ? null : address;
}

/** True when a socket bound on `local` stands on the same port as a bind on the IPv4 `address`. */
export function overlaps(local: string, address: string): boolean {
  if (WILDCARDS.has(local)) return true; // '::' is dual-stack unless IPV6_V6ONLY, which the table does not say
  const v4 = v4Of(local);
  if (v4 === null) return false;
  return address === '0.0.0.0' || v4 === address || v4 === '0.0.0.0';
}

function ownerText(s: Socket): string {
  const holders = ownersOf(s);
  if (holders.length === 0) return 'owner unknown';
  return holders.map((o) => `${o.name} (pid ${o.pid})`).join(', ');
}

/** What kind of obstacle a socket on the port is. */
function blockerOf(s: Socket): Blocker {
  const local = formatEndpoint(s.localAddress, s.localPort);
  const remote = formatEndpoint(s.remoteAddress, s.remotePort);
  if (s.state === 'LISTEN') return { kind: 'listener', socket: s, text: `listener ${ownerText(s)} on ${local}` };
  if (s.state === 'TIME_WAIT') {
    return {
      kind: 'time-wait',
      socket: s,
      text: `TIME_WAIT remnant ${local} → ${remote} (does not block a server using SO_REUSEADDR)`,
    };
  }
  if (s.proto === 'udp' && s.remotePort === 0)
    return { kind: 'bound', socket: s, text: `UDP socket ${ownerText(s)} bound on ${local}` };
  return { kind: 'connected', socket: s, text: `connected client ${ownerText(s)} ${local} → ${remote} (${s.state})` };
}

/** Every socket of the table that stands on proto/port where a bind on `address` would land. */
export function blockersFor(sockets: readonly Socket[], port: number, proto: Proto, address: string): Blocker[] {
  return sockets
    .filter((s) => s.proto === proto && s.localPort === port && overlaps(s.localAddress, address))
    .map(blockerOf);
}

const RANK: Record<Blocker['kind'], number> = { listener: 0, bound: 1, connected: 2, 'time-wait': 3 };

/** One sentence for one address. */
export function answerText(
  address: string,
  port: number,
  proto: Proto,
  probe: BindProbe,
  blockers: readonly Blocker[],
): string {
  const where = `${address}:${port}/${proto}`;
  const hard = [...blockers].filter((b) => b.kind !== 'time-wait').sort((a, b) => RANK[a.kind] - RANK[b.kind]);
  const tw = blockers.length - hard.length;
  const twText =
    tw === 0 ? '' : `; ${tw} TIME_WAIT remnant${tw === 1 ? '' : 's'} would refuse a server without SO_REUSEADDR`;
  // Sockets of one SO_REUSEPORT group read the same: one phrase with their count.
  const phrases = new Map<string, number>();
  for (const b of hard) phrases.set(b.text, (phrases.get(b.text) ?? 0) + 1);
  const texts = [...phrases].map(([text, n]) => (n === 1 ? text : `${text} (${n} sockets, ${portGroupOption(proto)})`));
  const named = texts.slice(0, 3).join('; ') + (texts.length > 3 ? `; and ${texts.length - 3} more` : '');
  if (probe === 'permission-denied')
    return `cannot bind ${where} as this user: ports below 1024 need root or CAP_NET_BIND_SERVICE${named ? `; held by ${named}` : ''}`;
  if (probe === 'in-use') return `in use on ${where}: ${named || 'by a socket the last sample did not show'}${twText}`;
  if (probe === 'free') return `free to bind on ${where}${twText}`;
  if (hard.length > 0) return `in use on ${where}: ${named}${twText}`;
  return `free to bind on ${where} as far as the table shows${twText}`;
}

/** The answer for both addresses: the table's blockers and the real bind attempt. */
export async function checkPort(
  sockets: readonly Socket[],
  req: PortCheckRequest,
  probe: BindProbeFn | null,
): Promise<PortCheck> {
  const answers: BindAnswer[] = [];
  for (const address of CHECK_ADDRESSES) {
    const blockers = blockersFor(sockets, req.port, req.proto, address);
    const result = probe === null ? 'not-checked' : await probe(address, req.port, req.proto);
    answers.push({
      address,
      probe: result,
      blockers: blockers.slice(0, 20),
      text: answerText(address, req.port, req.proto, result, blockers),
    });
  }
  const timeWait = sockets.filter(
    (s) => s.proto === req.proto && s.localPort === req.port && s.state === 'TIME_WAIT',
  ).length;
  return { port: req.port, proto: req.proto, answers, timeWait };
}
