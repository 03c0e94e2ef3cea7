/**
 * SO_REUSEPORT groups on this machine's real /proc: nginx with `listen … reuseport` gives each
 * worker its own listener on one port, and two Python processes of different users bind one UDP
 * port with SO_REUSEPORT. Each socket is its own row with its own holders; the group names the
 * rest, the same in the details' words and in `ephemera who`, and ss agrees on the sockets.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from '../../../shared/model';
import { ownersOf } from '../../../shared/owners';
import { portGroupOf, portGroups, portGroupText } from '../../../shared/port-group';
import { renderWho, whoJson } from '../../cli/who';
import { painter } from '../../cli/color';
import { createLinuxSource } from '../sampler/linux-source';
import { parseSs } from '../sampler/ss-parse';
import { nginxMissing, startNginx, type RealNginx } from '../test-kit/real-nginx';

const tcpListeners = (sockets: readonly Socket[], port: number): Socket[] =>
  sockets.filter((s) => s.proto === 'tcp' && s.state === 'LISTEN' && s.localPort === port && s.localAddress === '127.0.0.1');

const missing = nginxMissing();

describe.skipIf(missing !== null)(`nginx with reuseport${missing === null ? '' : ` (skipped: ${missing})`}`, () => {
  let nginx: RealNginx;
  beforeAll(async () => {
    nginx = await startNginx(2, true);
  }, 15_000);
  afterAll(async () => nginx?.stop());

  it('has one listener per worker, one group, and every worker named in it', async () => {
    const { sockets } = await createLinuxSource().sample();
    const rows = tcpListeners(sockets, nginx.port);
    // ss sees the same number of listening sockets on that port.
    const ss = spawnSync('ss', ['-tlnp'], { encoding: 'utf8' });
    expect(ss.status).toBe(0);
    expect(rows).toHaveLength(tcpListeners(parseSs(ss.stdout).sockets, nginx.port).length);
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(new Set(rows.map((r) => r.inode)).size).toBe(rows.length);
    const groups = [...portGroups(sockets).values()].filter((g) => g[0]?.localPort === nginx.port);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toHaveLength(rows.length);
    // Every worker holds one of the group's sockets (the master may hold them all).
    const holders = new Set(rows.flatMap((r) => ownersOf(r).map((o) => o.pid)));
    for (const w of nginx.workers) expect(holders).toContain(w);
    const [first, ...rest] = rows;
    const others = portGroupOf(first!, sockets);
    expect(others.map((o) => o.inode).sort()).toEqual(rest.map((r) => r.inode).sort());
    const text = portGroupText(first!, others);
    expect(text).toMatch(new RegExp(`^shares its port with ${rest.length} other listening sockets? \\(SO_REUSEPORT\\): `));
    for (const r of rest) expect(text).toContain(`(inode ${r.inode})`);
  });

  it('is one line of `ephemera who`, and each socket in --json names the others', async () => {
    const { sockets } = await createLinuxSource().sample();
    const rows = tcpListeners(sockets, nginx.port);
    const who = rows.map((socket) => ({ socket, process: null, user: null }));
    const text = renderWho({ port: nginx.port, proto: 'tcp' }, who, painter(false));
    expect(text).toContain(`tcp 127.0.0.1:${nginx.port} is ${rows.length} sockets (SO_REUSEPORT): `);
    const doc = JSON.parse(whoJson({ port: nginx.port, proto: 'tcp' }, who)) as { sockets: { inode: number; portGroup?: { option: string; inodes: number[] } }[] };
    for (const s of doc.sockets) {
      expect(s.portGroup?.option).toBe('SO_REUSEPORT');
      expect(s.portGroup?.inodes.sort()).toEqual(rows.map((r) => r.inode).filter((i) => i !== s.inode).sort());
    }
  });
});

/** A Python process binding UDP `port` on 127.0.0.1 with SO_REUSEPORT; prints its port, holds until stdin closes. */
function udpBinder(port: number): { child: ChildProcess; port: Promise<number> } {
  const code = [
    'import socket, sys',
    's = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)',
    's.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)',
    `s.bind(("127.0.0.1", ${port}))`,
    'print(s.getsockname()[1], flush=True)',
    'sys.stdin.read()',
  ].join('\n');
  const child = spawn('python3', ['-c', code], { stdio: ['pipe', 'pipe', 'inherit'] });
  const bound = new Promise<number>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) => resolve(Number(line)));
    child.once('exit', (status) => reject(new Error(`python3 exited ${status}`)));
  });
  return { child, port: bound };
}

const python = spawnSync('python3', ['-c', 'import socket; socket.SO_REUSEPORT'], { encoding: 'utf8' }).status === 0;

describe.skipIf(!python)(`a UDP port two processes bind with SO_REUSEPORT${python ? '' : ' (skipped: python3 with SO_REUSEPORT not found)'}`, () => {
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const c of children) c.stdin?.end();
  });

  it('gives two rows, each with its own process, each naming the other as its group', async () => {
    const a = udpBinder(0);
    children.push(a.child);
    const port = await a.port;
    const b = udpBinder(port);
    children.push(b.child);
    expect(await b.port).toBe(port);
    const { sockets } = await createLinuxSource().sample();
    const rows = sockets.filter((s) => s.proto === 'udp' && s.localPort === port && s.localAddress === '127.0.0.1');
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => r.owner?.pid).sort()).toEqual([a.child.pid, b.child.pid].sort());
    const [one, two] = rows;
    expect(portGroupOf(one!, sockets)).toEqual([two]);
    expect(portGroupText(one!, [two!])).toBe(`shares its port with 1 other bound socket (SO_REUSEPORT or SO_REUSEADDR): python3 ${two!.owner!.pid} (inode ${two!.inode})`);
  });
});
