/**
 * Sockets that share one local address and port: SO_REUSEPORT groups. nginx with `reuseport`,
 * Envoy, HAProxy and many Go and Rust servers give every worker its own listening socket on one
 * port; each is its own row with its own holder, and the kernel spreads connections across them.
 * Two TCP listeners on one address and port in one namespace can only be such a group (Linux
 * refuses the second bind otherwise); two unconnected UDP sockets can also be SO_REUSEADDR. The
 * table shows each socket as it is; the details and `ephemera who` name the rest of its group.
 */
import type { Socket } from './model';
import { holdersText, ownersOf } from './owners';

type GroupFields = Pick<Socket, 'proto' | 'state' | 'localAddress' | 'localPort' | 'remotePort' | 'netns' | 'localHost'>;

/** True for a socket that can be in a group: a TCP listener or an unconnected UDP socket on a known port. */
function groupable(s: GroupFields): boolean {
  if (s.localPort === 0 || s.localHost !== undefined) return false;
  return s.proto === 'tcp' ? s.state === 'LISTEN' : s.state === 'UNCONN' && s.remotePort === 0;
}

/** What binds sockets into one group, or null for a socket that never shares (connected, closing). */
export function portGroupKey(s: GroupFields): string | null {
  return groupable(s) ? `${s.netns?.inode ?? 'host'}|${s.proto}|${s.localAddress}|${s.localPort}` : null;
}

/** The other sockets of `socket`'s group among `all` (itself left out); empty when it shares with none. */
export function portGroupOf(socket: Socket, all: Iterable<Socket>): Socket[] {
  const key = portGroupKey(socket);
  if (key === null) return [];
  const others: Socket[] = [];
  for (const s of all) if (s.id !== socket.id && s.inode !== socket.inode && portGroupKey(s) === key) others.push(s);
  return others;
}

/** Every group of two or more among `all`, by key, sockets in their given order. */
export function portGroups(all: Iterable<Socket>): Map<string, Socket[]> {
  const byKey = new Map<string, Socket[]>();
  for (const s of all) {
    const key = portGroupKey(s);
    if (key === null) continue;
    const members = byKey.get(key);
    if (members === undefined) byKey.set(key, [s]);
    else members.push(s);
  }
  for (const [key, members] of byKey) if (members.length < 2) byKey.delete(key);
  return byKey;
}

/** Why such sockets can share: SO_REUSEPORT for TCP listeners, either option for UDP. */
export function portGroupOption(proto: Socket['proto']): string {
  return proto === 'tcp' ? 'SO_REUSEPORT' : 'SO_REUSEPORT or SO_REUSEADDR';
}

/**
 * One line on the rest of the group: "shares its port with 1 other listening socket (SO_REUSEPORT):
 * nginx 813 (inode 40112)"; '' when it shares with none. An unknown holder reads "owner unknown".
 */
export function portGroupText(socket: Socket, others: readonly Socket[]): string {
  if (others.length === 0) return '';
  const what = socket.proto === 'tcp' ? 'listening socket' : 'bound socket';
  return `shares its port with ${others.length} other ${what}${others.length === 1 ? '' : 's'} (${portGroupOption(socket.proto)}): ${portGroupMembersText(others)}`;
}

/** The members of a group, each by its holders and inode: "nginx 813 (inode 40112); owner unknown (inode 40113)". */
export function portGroupMembersText(members: readonly Socket[]): string {
  return members.map((s) => `${ownersOf(s).length === 0 ? 'owner unknown' : holdersText(ownersOf(s))} (inode ${s.inode})`).join('; ');
}
