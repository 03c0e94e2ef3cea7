/**
 * Published container ports: a host listener held by `docker-proxy` or `rootlessport` is the
 * host end of a port a container publishes. The row then says which container and port it
 * forwards to, found from docker-proxy's command line and the container's addresses, or from the
 * namespace of rootlessport's child (which runs inside the container's namespace).
 */
import { readFileSync } from 'node:fs';
import type { Socket } from '../../../shared/model';
import { parseDockerProxy } from '../owners/container-id';
import { readStat } from '../owners/proc-fd';
import type { NamespaceTables } from './netns-tables';
import { netnsOf } from './netns-tables';

/** What was worked out per forwarding process (pid:startTime), and when. */
export interface PublishedCache {
  entries: Map<string, { text: string | null; at: number }>;
  clear(): void;
}

/** An empty cache. */
export function createPublishedCache(): PublishedCache {
  const entries = new Map<string, { text: string | null; at: number }>();
  return { entries, clear: () => entries.clear() };
}

const FORWARDERS = new Set(['docker-proxy', 'rootlessport']);
const RECHECK_MS = 10_000;

function cmdline(root: string, pid: number): string[] {
  try {
    return readFileSync(`${root}/${pid}/cmdline`, 'utf8').split('\0').filter((a) => a !== '');
  } catch {
    return [];
  }
}

function dockerProxyText(root: string, pid: number, spaces: NamespaceTables): string | null {
  const target = parseDockerProxy(cmdline(root, pid));
  if (target === null) return null;
  for (const space of spaces.spaces().values()) {
    if (space.addresses.includes(target.containerIp)) return `container ${space.info.label} port ${target.containerPort}`;
  }
  return `container at ${target.containerIp} port ${target.containerPort}`;
}

function rootlessText(root: string, pid: number, spaces: NamespaceTables): string | null {
  for (const space of spaces.spaces().values()) {
    for (const member of space.members) {
      const stat = readStat(root, member);
      if (typeof stat !== 'string' && stat.ppid === pid && netnsOf(root, member) === space.info.inode) {
        return `container ${space.info.label} (rootless Podman)`;
      }
    }
  }
  return null;
}

/** Sets `publishes` on the host's forwarder listeners among the first `hostRows` rows. */
export function markPublished(
  root: string,
  sockets: Socket[],
  hostRows: number,
  spaces: NamespaceTables,
  cache: PublishedCache,
): void {
  const now = performance.now();
  for (let i = 0; i < hostRows; i++) {
    const s = sockets[i];
    const owner = s?.owner;
    if (s === undefined || owner == null || !FORWARDERS.has(owner.name)) continue;
    if (s.proto === 'tcp' ? s.state !== 'LISTEN' : s.remotePort !== 0) continue;
    const key = `${owner.pid}:${owner.startTime}`;
    let entry = cache.entries.get(key);
    if (entry === undefined || (entry.text === null && now - entry.at >= RECHECK_MS)) {
      const text = owner.name === 'docker-proxy' ? dockerProxyText(root, owner.pid, spaces) : rootlessText(root, owner.pid, spaces);
      entry = { text, at: now };
      if (cache.entries.size >= 256) cache.entries.clear();
      cache.entries.set(key, entry);
    }
    if (entry.text !== null && s.publishes !== entry.text) sockets[i] = { ...s, publishes: entry.text };
  }
}
