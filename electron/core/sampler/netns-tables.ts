/**
 * The socket tables of every network namespace some process is in, not only Ephemera's own:
 * /proc/net shows one namespace, so containers' and `ip netns` namespaces' sockets are read
 * through one member each, /proc/<pid>/net/{tcp,tcp6,udp,udp6}. Processes are grouped by the
 * inode of /proc/<pid>/ns/net (one readlink each per tick); each namespace's tables are read
 * at most once per tick, with a row cache of its own, and its rows carry the namespace's label and
 * an id that includes the namespace (the same 4-tuple can exist in two namespaces).
 *
 * A tcp table costs a walk of the whole TCP hash the namespace uses (the host's, by default) even
 * when the namespace is quiet, so each tick first reads the namespace's counters (netns-
 * fingerprint.ts). When they equal those of its last full read, and that read is younger than
 * NETNS_REUSE_MAX_AGE_MS, the namespace's last rows come back as they were (the same objects:
 * the churn engine sees no change) and no table is read. The maximum age bounds how stale a
 * change no counter shows (a receive queue drained, an accept, a socket swapped for another
 * within one tick) can be. A table the counters say is empty is not read either. Ephemera's own
 * namespace is not read here: linux-source.ts reads it in full every tick.
 */
import { readFileSync, readdirSync, readlinkSync, statSync } from 'node:fs';
import type { Netns, Socket } from '../../../shared/model';
import { namespacedId } from '../../../shared/socket-id';
import type { ContainerRef } from '../owners/container-id';
import { containerFromCgroup, readContainerFacts, shortId } from '../owners/container-id';
import { createProcFileReader } from './linux-proc-file';
import { createProcNetReader } from './linux-proc-net-reader';
import type { Space } from './netns-space-read';
import { NETNS_REUSE_MAX_AGE_MS, readSpace } from './netns-space-read';
import { timerClock } from './timer-clock';

/** "net:[4026531840]" → 4026531840; null for anything else. */
export function parseNsLink(link: string): number | null {
  const m = /^net:\[(\d+)\]$/.exec(link);
  return m?.[1] === undefined ? null : Number(m[1]);
}

/** The network namespace inode of a process, or null when it is gone or hidden. */
export function netnsOf(procRoot: string, pid: number | 'self'): number | null {
  try {
    return parseNsLink(readlinkSync(`${procRoot}/${pid}/ns/net`));
  } catch {
    return null;
  }
}

/**
 * Groups pids by their network namespace, in listing order. `known` (pid → inode) spares the
 * readlink of processes already looked at; the caller empties it now and then, for the rare
 * process that changes namespace after it was first seen (setns).
 */
export function groupByNetns(procRoot: string, pids: readonly number[], known?: Map<number, number>): Map<number, number[]> {
  const groups = new Map<number, number[]>();
  for (const pid of pids) {
    let ns = known?.get(pid) ?? null;
    if (ns === null) {
      ns = netnsOf(procRoot, pid);
      if (ns !== null) known?.set(pid, ns);
    }
    if (ns === null) continue;
    const members = groups.get(ns);
    if (members === undefined) groups.set(ns, [pid]);
    else members.push(pid);
  }
  return groups;
}

/** Names under /run/netns (`ip netns add`) by namespace inode. */
function namedNamespaces(runNetns: string): Map<number, string> {
  const names = new Map<number, string>();
  let entries: string[];
  try {
    entries = readdirSync(runNetns);
  } catch {
    return names;
  }
  for (const name of entries) {
    try {
      names.set(statSync(`${runNetns}/${name}`).ino, name);
    } catch {
      // removed while listing
    }
  }
  return names;
}

/** The container one of the members runs in, from their cgroups. */
function containerOf(procRoot: string, members: readonly number[]): ContainerRef | null {
  for (const pid of members.slice(0, 4)) {
    try {
      const ref = containerFromCgroup(readFileSync(`${procRoot}/${pid}/cgroup`, 'utf8'));
      if (ref !== null) return ref;
    } catch {
      // gone: try the next member
    }
  }
  return null;
}

/** A namespace's label: a container by name and short id, or `netns:<inode>`. */
export function labelNetns(inode: number, ref: ContainerRef | null, containerName: string | null, name?: string): Netns {
  const base = name === undefined ? {} : { name };
  if (ref === null) return { inode, kind: 'netns', label: `netns:${inode}`, ...base };
  const label = containerName === null ? `container ${shortId(ref.id)}` : `${containerName} (${shortId(ref.id)})`;
  return { inode, kind: 'container', label, container: { ...ref, name: containerName }, ...base };
}

/** What one tick read in the other namespaces. */
export interface NamespaceRead {
  sockets: Socket[];
  /** Namespaces read (besides Ephemera's own). */
  namespaces: number;
  /** Of those, the ones whose counters had not moved: their last rows served, no table read. */
  reused: number;
  /** Socket tables read from the kernel this tick (known-empty and reused ones are not). */
  tablesRead: number;
}

/** Reads the other namespaces tick after tick; `commit` ends a tick like ProcNetReader's. */
export interface NamespaceTables {
  read(pids: readonly number[], errors: string[]): NamespaceRead;
  /** The rows `read` returned, in order, after owners were filled in. */
  commit(sockets: readonly Socket[]): void;
  /** The namespaces last read, by inode (for published ports). */
  spaces(): ReadonlyMap<number, { info: Netns; addresses: readonly string[]; members: readonly number[] }>;
  /** Ephemera's own namespace inode (the host's, as rows without a label). */
  readonly own: number | null;
}

/** Options: the proc root and /run/netns (tests), the clock ticks for the timer column. */
export interface NamespaceTablesOptions {
  procRoot: string;
  clkTck: number;
  runNetns?: string;
  /** Give running timers an absolute expiry, as the host's reader does (default true; false: no reuse). */
  timerExpiry?: boolean;
  /** The longest a namespace's rows are reused on unchanged counters, ms (default 5,000; 0: never). */
  maxAgeMs?: number;
}

const RELABEL_MS = 5_000;
/** How often every process's namespace is read again (new processes are read at once). */
const REGROUP_MS = 2_000;

/** Namespace tables over a proc root. */
export function createNamespaceTables(options: NamespaceTablesOptions): NamespaceTables {
  const root = options.procRoot;
  const runNetns = options.runNetns ?? '/run/netns';
  const own = netnsOf(root, 'self');
  const spaces = new Map<number, Space>();
  let order: Space[] = [];
  let counts: number[] = [];
  const known = new Map<number, number>();
  let regroupedAt = Number.NEGATIVE_INFINITY;
  let tickAt = 0;
  const timers = options.timerExpiry !== false;
  // Without absolute expiries a reused row's timer would be stale: no reuse then.
  const reuse = { maxAgeMs: timers ? (options.maxAgeMs ?? NETNS_REUSE_MAX_AGE_MS) : 0, timers };

  function label(inode: number, members: number[]): { info: Netns; addresses: string[] } {
    const ref = containerOf(root, members);
    const facts = ref === null ? { name: null, addresses: [] } : readContainerFacts(ref);
    return { info: labelNetns(inode, ref, facts.name, namedNamespaces(runNetns).get(inode)), ...{ addresses: facts.addresses } };
  }

  function spaceFor(inode: number, members: number[], now: number): Space {
    let space = spaces.get(inode);
    const stale = space !== undefined && space.info.kind === 'container' && space.info.container?.name === null;
    if (space === undefined || (stale && now - space.labelledAt >= RELABEL_MS)) {
      const { info, addresses } = label(inode, members);
      if (space === undefined || info.label !== space.info.label) {
        const decorate = (s: Socket): Socket => ({ ...s, id: namespacedId(s.id, inode), netns: info });
        const reader = createProcNetReader({ clkTck: options.clkTck, decorate });
        space = {
          info,
          addresses,
          members,
          files: createProcFileReader(),
          reader,
          labelledAt: now,
          clock: timerClock(),
          last: null,
          tick: null,
        };
        spaces.set(inode, space);
      } else space.labelledAt = now;
    }
    space.members = members;
    return space;
  }

  return {
    own,
    read(pids, errors) {
      const now = performance.now();
      if (now - regroupedAt >= REGROUP_MS || known.size > 4 * pids.length + 1024) {
        known.clear();
        regroupedAt = now;
      }
      const groups = groupByNetns(root, pids, known);
      order = [];
      counts = [];
      let sockets: Socket[] = [];
      let reused = 0;
      let tablesRead = 0;
      tickAt = now;
      for (const [inode, members] of groups) {
        if (inode === own) continue;
        const space = spaceFor(inode, members, now);
        const got = readSpace(root, space, errors, now, reuse);
        if (got === null) continue;
        order.push(space);
        counts.push(got.rows.length);
        if (space.tick === 'reused') reused++;
        tablesRead += got.tables;
        sockets = sockets.length === 0 ? got.rows.slice() : sockets.concat(got.rows);
      }
      for (const inode of spaces.keys()) if (!groups.has(inode)) spaces.delete(inode);
      return { sockets, namespaces: order.length, reused, tablesRead };
    },
    commit(sockets) {
      let at = 0;
      order.forEach((space, i) => {
        const n = counts[i] ?? 0;
        const rows = sockets.slice(at, at + n);
        at += n;
        if (space.tick === 'reused' && space.last !== null) {
          // Owners may have been filled in since: the next reuse serves the rows as they are now.
          space.last = { ...space.last, rows };
          return;
        }
        space.reader.commit(rows);
        space.last = space.tick === null || space.tick === 'reused' ? null : { key: space.tick, at: tickAt, rows };
      });
    },
    spaces: () => spaces,
  };
}
