/**
 * `ephemera who <port>[/tcp|/udp]`: every socket whose local port is that port, with the owning
 * process (pid, name, path, user), its state and its remote end. "What is using port 60430?"
 * answered the same way on every OS; the exit code says whether anything holds it.
 */
import type { PortCheck } from '../../shared/action-model';
import { formatEndpoint } from '../../shared/format';
import type { Proto, ProcessInfo, Socket } from '../../shared/model';
import { holdersText, ownersOf } from '../../shared/owners';
import { portGroupMembersText, portGroupOf, portGroupOption, portGroups } from '../../shared/port-group';
import { userNameOf } from '../core/owners/passwd';
import { getProcessDetails } from '../core/service/process-details';
import { UsageError, parsePortArg } from '../../shared/argv';
import type { Paint } from './color';
import { anyNetns, compareSockets, lsColumns, lsRow, protoLabel, type NameOf } from './socket-rows';
import { renderTable } from './table';

/** The port (and optionally the protocol) asked about. */
export interface WhoTarget {
  port: number;
  proto: Proto | null;
}

/** A held socket with what is known about its owner. */
export interface WhoRow {
  socket: Socket;
  process: ProcessInfo | null;
  user: string | null;
}

/** Reads `60430`, `60430/tcp` or `60430/udp`. */
export function parseWhoTarget(text: string): WhoTarget {
  const m = /^([^/]*)(?:\/(.*))?$/.exec(text);
  const protoText = m?.[2]?.toLowerCase();
  if (protoText !== undefined && protoText !== 'tcp' && protoText !== 'udp') {
    throw new UsageError(`protocol must be tcp or udp, not '${m?.[2] ?? ''}' (use PORT, PORT/tcp or PORT/udp)`);
  }
  return { port: parsePortArg(m?.[1] ?? '', 'port'), proto: protoText ?? null };
}

/** The sockets whose local end is on the target port, in export order. */
export function holdersOf(sockets: readonly Socket[], target: WhoTarget): Socket[] {
  return sockets
    .filter((s) => s.localPort === target.port && (target.proto === null || s.proto === target.proto))
    .sort(compareSockets);
}

/** Process details for each distinct owner (pid + start time); a vanished process is null. */
export async function describeOwners(sockets: readonly Socket[]): Promise<WhoRow[]> {
  const lookups = new Map<string, Promise<ProcessInfo | null>>();
  for (const s of sockets) {
    if (s.owner === null) continue;
    const key = `${s.owner.pid}:${s.owner.startTime}`;
    if (!lookups.has(key)) {
      lookups.set(key, getProcessDetails(s.owner.pid, s.owner.startTime).catch(() => null));
    }
  }
  return Promise.all(
    sockets.map(async (socket) => {
      const process = socket.owner === null ? null : await lookups.get(`${socket.owner.pid}:${socket.owner.startTime}`)!;
      const user = process?.user ?? (socket.uid === null ? null : (userNameOf(socket.uid) ?? String(socket.uid)));
      return { socket, process: process ?? null, user };
    }),
  );
}

/** The target as people write it: `60430` or `60430/tcp`. */
export function targetText(target: WhoTarget): string {
  return target.proto === null ? String(target.port) : `${target.port}/${target.proto}`;
}

/** The human answer: a table of holders, or one line saying nothing holds the port. */
export function renderWho(target: WhoTarget, rows: readonly WhoRow[], paint: Paint, nameOf?: NameOf): string {
  if (rows.length === 0) return `nothing is using port ${targetText(target)}\n`;
  const netns = anyNetns(rows.map((r) => r.socket));
  const columns = [...lsColumns(netns), { header: 'USER' }, { header: 'PATH' }];
  const cells = rows.map(({ socket, process, user }) => [...lsRow(socket, nameOf, netns), user ?? '-', process?.exe ?? '-']);
  const shared = rows
    .filter(({ socket }) => ownersOf(socket).length > 1)
    .map(({ socket }) => `${protoLabel(socket)} ${formatEndpoint(socket.localAddress, socket.localPort)} is held by ${holdersText(ownersOf(socket))}\n`);
  // SO_REUSEPORT: one address and port, a socket per worker, each its own row above.
  const groups = [...portGroups(rows.map((r) => r.socket)).values()].map((members) => {
    const first = members[0]!;
    return `${protoLabel(first)} ${formatEndpoint(first.localAddress, first.localPort)} is ${members.length} sockets (${portGroupOption(first.proto)}): ${portGroupMembersText(members)}\n`;
  });
  return renderTable(columns, cells, paint) + shared.join('') + groups.join('');
}

/** The protocols whose bind answer `who` gives: the one asked for, else TCP (and UDP when UDP holds it). */
export function bindProtos(target: WhoTarget, held: readonly Socket[]): Proto[] {
  if (target.proto !== null) return [target.proto];
  return held.some((s) => s.proto === 'udp') ? ['tcp', 'udp'] : ['tcp'];
}

/** "free to bind on 0.0.0.0:3000/tcp" / "in use on …: listener node (pid 4121) …", one line per address. */
export function renderBind(checks: readonly PortCheck[]): string {
  return checks.flatMap((c) => c.answers.map((a) => `${a.text}\n`)).join('');
}

/**
 * The --json answer: the target, whether it is held, each socket with its process (and, in an
 * SO_REUSEPORT group, the option and the other sockets' inodes), and the bind answers.
 */
export function whoJson(target: WhoTarget, rows: readonly WhoRow[], bind: readonly PortCheck[] = []): string {
  const all = rows.map((r) => r.socket);
  const doc = {
    port: target.port,
    proto: target.proto,
    held: rows.length > 0,
    sockets: rows.map((r) => {
      const group = portGroupOf(r.socket, all);
      const portGroup = group.length === 0 ? {} : { portGroup: { option: portGroupOption(r.socket.proto), inodes: group.map((g) => g.inode) } };
      return { ...r.socket, owners: ownersOf(r.socket), ...portGroup, process: r.process, user: r.user };
    }),
    bind,
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
