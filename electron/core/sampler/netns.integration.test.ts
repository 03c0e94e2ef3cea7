/**
 * Sockets in other network namespaces, for real: a namespace this test creates (`ip netns add`,
 * loopback up) with a listener and a client inside, on the same port as a listener of the host.
 * Its rows appear labelled with the namespace, owned by the right pid, with ids of their own;
 * the host's rows stay as they were. Creating a namespace needs root; elsewhere the suite skips
 * and says why. Containers: only where Docker or Podman really runs (else skipped with why).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchSocket, parseFilter } from '../../../shared/filter';
import type { Socket } from '../../../shared/model';
import { createLinuxSource } from './linux-source';

const isRoot = process.getuid?.() === 0;
const hasIp = spawnSync('ip', ['-V']).status === 0;
const reason = !isRoot ? 'needs root to create a network namespace' : 'needs the ip command (iproute2)';

/** Listens on 127.0.0.1:<port>, connects to itself, prints its pid and both ports; holds on until stdin closes. */
const INSIDE = `
import os, socket, sys
port = int(sys.argv[1])
s = socket.socket(); s.bind(('127.0.0.1', port)); s.listen(8)
c = socket.create_connection(('127.0.0.1', port)); a, _ = s.accept()
print(os.getpid(), port, c.getsockname()[1], flush=True)
sys.stdin.read()
`;

describe.skipIf(!isRoot || !hasIp)(`sockets in a network namespace (${isRoot && hasIp ? 'root' : `skipped: ${reason}`})`, () => {
  const ns = `eph-i10-${randomBytes(4).toString('hex')}`;
  const ip = (...args: string[]) => spawnSync('ip', args, { encoding: 'utf8' });
  let child: ChildProcess;
  let host: Server;
  let inner = { pid: 0, port: 0, clientPort: 0 };
  let nsInode = 0;

  beforeAll(async () => {
    for (const cmd of [['netns', 'add', ns], ['-n', ns, 'link', 'set', 'lo', 'up']]) {
      const r = ip(...cmd);
      if (r.status !== 0) throw new Error(`ip ${cmd.join(' ')}: ${r.stderr}`);
    }
    nsInode = statSync(`/run/netns/${ns}`).ino;
    host = createServer();
    await new Promise<void>((done) => host.listen(0, '127.0.0.1', done));
    const port = (host.address() as AddressInfo).port;
    child = spawn('ip', ['netns', 'exec', ns, 'python3', '-c', INSIDE, String(port)], { stdio: ['pipe', 'pipe', 'inherit'] });
    const line = await createInterface({ input: child.stdout! })[Symbol.asyncIterator]().next();
    const [pid, p, clientPort] = String(line.value).trim().split(' ').map(Number);
    inner = { pid: pid ?? 0, port: p ?? 0, clientPort: clientPort ?? 0 };
  }, 20_000);
  afterAll(() => {
    child?.stdin?.end();
    child?.kill();
    host?.close();
    ip('netns', 'del', ns);
  });

  const inNs = (sockets: Socket[]) => sockets.filter((s) => s.netns?.inode === nsInode);

  it('reads its rows through a member, labelled netns:<inode> with its ip netns name and owned by the right pid', async () => {
    const { sockets } = await createLinuxSource().sample();
    const rows = inNs(sockets).filter((s) => s.proto === 'tcp');
    const listener = rows.find((s) => s.state === 'LISTEN' && s.localPort === inner.port);
    const client = rows.find((s) => s.localPort === inner.clientPort && s.remotePort === inner.port);
    const accepted = rows.find((s) => s.localPort === inner.port && s.remotePort === inner.clientPort);
    for (const row of [listener, client, accepted]) {
      expect(row?.netns).toMatchObject({ inode: nsInode, kind: 'netns', label: `netns:${nsInode}`, name: ns });
      expect(row?.owner?.pid).toBe(inner.pid);
      expect(row?.id).toMatch(new RegExp(`\\|ns${nsInode}$`));
    }
  });

  it('keeps the host rows as they were: the same tuple on the host is its own row, unlabelled', async () => {
    const port = inner.port;
    const [withNs, hostOnly] = await Promise.all([createLinuxSource().sample(), createLinuxSource({ namespaces: false }).sample()]);
    const hostListener = (rows: Socket[]) =>
      rows.filter((s) => s.netns === undefined && s.state === 'LISTEN' && s.localPort === port && s.localAddress === '127.0.0.1');
    const [mine] = hostListener(withNs.sockets);
    expect(mine?.owner?.pid).toBe(process.pid);
    expect(hostListener(hostOnly.sockets).map((s) => s.id)).toEqual([mine?.id]);
    const nsListener = inNs(withNs.sockets).find((s) => s.state === 'LISTEN' && s.localPort === port);
    expect(nsListener?.id).not.toBe(mine?.id);
    // No row of the namespace leaks into the host's set, and no host row is labelled.
    const nsInodes = new Set(inNs(withNs.sockets).map((s) => s.inode));
    expect(hostOnly.sockets.some((s) => nsInodes.has(s.inode) && s.inode !== 0)).toBe(false);
    expect(hostOnly.sockets.some((s) => s.netns !== undefined)).toBe(false);
  });

  it('is what ns: filters find, by name, label or inode, and host: finds the host rows', async () => {
    const { sockets } = await createLinuxSource().sample();
    const ctx = { ephemeralRange: { low: 32768, high: 60999 } };
    const pick = (q: string) => {
      const parsed = parseFilter(q);
      if (!parsed.ok) throw new Error(parsed.error);
      return sockets.filter((s) => matchSocket(parsed.filter, s, ctx));
    };
    const expected = inNs(sockets).map((s) => s.id).sort();
    expect(pick(`ns:${ns}`).map((s) => s.id).sort()).toEqual(expected);
    expect(pick(`ns:${nsInode}`).map((s) => s.id).sort()).toEqual(expected);
    expect(pick('ns:host').every((s) => s.netns === undefined)).toBe(true);
    expect(pick(`container:${ns}`)).toEqual([]);
  });
});

/** Why no container runtime can be tested here, or null when one answers. */
function noRuntime(): string | null {
  for (const cli of ['docker', 'podman']) {
    const r = spawnSync(cli, ['info', '--format', '{{.ServerVersion}}{{.Version.Version}}'], { encoding: 'utf8', timeout: 10_000 });
    if (r.status === 0) return null;
  }
  return 'neither a Docker daemon nor Podman answers `info` on this machine';
}

const runtimeMissing = noRuntime();
describe.skipIf(runtimeMissing !== null)(`a container's listener${runtimeMissing === null ? '' : ` (skipped: ${runtimeMissing})`}`, () => {
  it('is named by its container name', async () => {
    const cli = spawnSync('docker', ['info'], { timeout: 10_000 }).status === 0 ? 'docker' : 'podman';
    const name = `eph-i10-${randomBytes(3).toString('hex')}`;
    const run = spawnSync(cli, ['run', '-d', '--name', name, 'busybox', 'nc', '-lk', '-p', '7777', '-e', 'true'], { encoding: 'utf8', timeout: 120_000 });
    expect(run.status, run.stderr).toBe(0);
    try {
      await new Promise((done) => setTimeout(done, 1000));
      const { sockets } = await createLinuxSource().sample();
      const row = sockets.find((s) => s.state === 'LISTEN' && s.localPort === 7777 && s.netns?.kind === 'container');
      expect(row?.netns?.container?.name).toBe(name);
      expect(row?.netns?.label).toMatch(new RegExp(`^${name} \\([0-9a-f]{12}\\)$`));
    } finally {
      spawnSync(cli, ['rm', '-f', name], { timeout: 60_000 });
    }
  });
});
