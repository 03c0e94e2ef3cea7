/**
 * Which container a process runs in, from its /proc/<pid>/cgroup, and the container's name from
 * the runtime's state on disk. Pure parsers over the texts, so they are tested on recorded files;
 * the reads are one small file each, done once per namespace (not per row or per tick).
 */
import { readFileSync } from 'node:fs';

/** The container runtimes whose cgroup paths are recognized. */
export type Runtime = 'docker' | 'podman' | 'containerd' | 'cri-o';

/** A container named by a cgroup path. */
export interface ContainerRef {
  runtime: Runtime;
  /** The full 64-hex-digit id. */
  id: string;
}

const PATTERNS: readonly (readonly [RegExp, Runtime])[] = [
  [/\/docker[-/]([0-9a-f]{64})(?:\.scope)?(?:\/|$)/, 'docker'],
  [/\/libpod-([0-9a-f]{64})(?:\.scope)?(?:\/|$)/, 'podman'],
  [/\/cri-containerd-([0-9a-f]{64})\.scope(?:\/|$)/, 'containerd'],
  [/\/crio-([0-9a-f]{64})\.scope(?:\/|$)/, 'cri-o'],
  // cgroupfs kubepods layout: /kubepods/<qos>/pod<uid>/<id>
  [/\/kubepods[^\n]*\/pod[0-9a-f_-]+\/([0-9a-f]{64})(?:\/|$)/, 'containerd'],
];

/**
 * The container of a /proc/<pid>/cgroup text (v1 or v2 lines `id:controllers:path`), or null for
 * a process in no known container. The first line that names one wins.
 */
export function containerFromCgroup(text: string): ContainerRef | null {
  for (const line of text.split('\n')) {
    const path = line.slice(line.indexOf(':', line.indexOf(':') + 1) + 1);
    for (const [pattern, runtime] of PATTERNS) {
      const m = pattern.exec(path);
      if (m?.[1] !== undefined) return { runtime, id: m[1] };
    }
  }
  return null;
}

/** What the runtime's state says of a container: its name and the addresses it has. */
export interface ContainerFacts {
  name: string | null;
  addresses: string[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Docker's /var/lib/docker/containers/<id>/config.v2.json: "Name": "/web" and each network's IPAddress. */
export function dockerFacts(configText: string): ContainerFacts {
  const doc: unknown = JSON.parse(configText);
  if (!isRecord(doc)) return { name: null, addresses: [] };
  const name = typeof doc.Name === 'string' && doc.Name !== '' ? doc.Name.replace(/^\//, '') : null;
  const addresses: string[] = [];
  const networks = isRecord(doc.NetworkSettings) ? doc.NetworkSettings.Networks : undefined;
  if (isRecord(networks)) {
    for (const net of Object.values(networks)) {
      if (isRecord(net) && typeof net.IPAddress === 'string' && net.IPAddress !== '') addresses.push(net.IPAddress);
    }
  }
  return { name, addresses };
}

/** Podman's overlay-containers/containers.json: an array of `{ id, names: [...] }`. */
export function podmanName(containersText: string, id: string): string | null {
  const doc: unknown = JSON.parse(containersText);
  if (!Array.isArray(doc)) return null;
  for (const c of doc) {
    if (isRecord(c) && c.id === id && Array.isArray(c.names) && typeof c.names[0] === 'string') return c.names[0];
  }
  return null;
}

/** containerd's task config.json: the Kubernetes annotations name the pod and the container. */
export function containerdName(configText: string): string | null {
  const doc: unknown = JSON.parse(configText);
  const notes = isRecord(doc) && isRecord(doc.annotations) ? doc.annotations : {};
  const container = notes['io.kubernetes.cri.container-name'];
  const pod = notes['io.kubernetes.cri.sandbox-name'];
  if (typeof container !== 'string') return typeof pod === 'string' ? pod : null;
  return typeof pod === 'string' ? `${pod}/${container}` : container;
}

/** Where each runtime keeps a container's state (the first readable wins). */
function statePaths(ref: ContainerRef, home: string | undefined): string[] {
  switch (ref.runtime) {
    case 'docker':
      return [`/var/lib/docker/containers/${ref.id}/config.v2.json`];
    case 'podman':
      return [
        '/var/lib/containers/storage/overlay-containers/containers.json',
        ...(home === undefined ? [] : [`${home}/.local/share/containers/storage/overlay-containers/containers.json`]),
      ];
    case 'containerd':
      return [`/run/containerd/io.containerd.runtime.v2.task/k8s.io/${ref.id}/config.json`];
    case 'cri-o':
      return [`/var/lib/containers/storage/overlay-containers/${ref.id}/userdata/config.json`];
  }
}

/** The facts the runtime's state gives; name null (never a guess) when none of it can be read. */
export function readContainerFacts(ref: ContainerRef, home = process.env.HOME): ContainerFacts {
  for (const path of statePaths(ref, home)) {
    try {
      const text = readFileSync(path, 'utf8');
      if (ref.runtime === 'docker') return dockerFacts(text);
      const name = ref.runtime === 'podman' ? podmanName(text, ref.id) : containerdName(text);
      if (name !== null) return { name, addresses: [] };
    } catch {
      // not this runtime's layout, not readable by this user, or malformed: try the next
    }
  }
  return { name: null, addresses: [] };
}

/** The 12-digit short id, as `docker ps` prints it. */
export const shortId = (id: string): string => id.slice(0, 12);

/** What docker-proxy forwards, from its command line (`-host-port 8080 -container-ip ... -container-port 80`). */
export interface ProxyTarget {
  proto: string;
  hostPort: number;
  containerIp: string;
  containerPort: number;
}

/** Parses docker-proxy's arguments; null when they are not a docker-proxy command line. */
export function parseDockerProxy(args: readonly string[]): ProxyTarget | null {
  const value = (flag: string): string | undefined => {
    const i = args.indexOf(flag);
    return i < 0 ? undefined : args[i + 1];
  };
  const hostPort = Number(value('-host-port'));
  const containerPort = Number(value('-container-port'));
  const containerIp = value('-container-ip');
  if (!Number.isInteger(hostPort) || !Number.isInteger(containerPort) || containerIp === undefined) return null;
  return { proto: value('-proto') ?? 'tcp', hostPort, containerIp, containerPort };
}
