/**
 * Sockets held by several processes, on this machine's real /proc: a real nginx (master and two
 * workers share the listener), and a Python parent that forks after listen. The sampler's row
 * names every holder, `ss -tunap` agrees, and the JSON and CSV exports carry them all.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from '../../../shared/model';
import { holdersText } from '../../../shared/owners';
import { toExportSocket } from '../export/export-socket';
import { csvToSockets, socketsToCsv } from '../export/snapshot-csv';
import { createLinuxSource } from '../sampler/linux-source';
import { parseSs } from '../sampler/ss-parse';
import { nginxMissing, startNginx, type RealNginx } from '../test-kit/real-nginx';

const listenerOn = (sockets: Socket[], port: number): Socket | undefined =>
  sockets.find((s) => s.proto === 'tcp' && s.state === 'LISTEN' && s.localPort === port && s.localAddress === '127.0.0.1');

const exportRow = (s: Socket) =>
  toExportSocket(s, { ephemeralRange: { low: 32768, high: 60999 }, firstSeen: {}, serviceName: () => null });

const missing = nginxMissing();

describe.skipIf(missing !== null)(`a real nginx with two workers${missing === null ? '' : ` (skipped: ${missing})`}`, () => {
  let nginx: RealNginx;
  beforeAll(async () => {
    nginx = await startNginx(2);
  }, 15_000);
  afterAll(async () => nginx?.stop());

  it('shows its listener with all three pids, the master first, each with its parent', async () => {
    const { sockets } = await createLinuxSource().sample();
    const row = listenerOn(sockets, nginx.port);
    expect(row?.owner?.pid).toBe(nginx.master);
    expect(row?.owners?.map((o) => o.pid)).toEqual([nginx.master, ...nginx.workers]);
    expect(row?.owners?.slice(1).every((o) => o.ppid === nginx.master)).toBe(true);
    expect(row?.owners?.every((o) => o.name === 'nginx' && o.basis === 'exact')).toBe(true);
    expect(holdersText(row?.owners ?? [])).toBe(`nginx master ${nginx.master}, workers ${nginx.workers.join(', ')}`);
  });

  it('agrees with ss -tunap, whose users:(...) the ss parser reads in full', () => {
    const ss = spawnSync('ss', ['-tunap'], { encoding: 'utf8' });
    expect(ss.status).toBe(0);
    const row = listenerOn(parseSs(ss.stdout).sockets, nginx.port);
    expect(row?.owners?.map((o) => o.pid).sort((a, b) => a - b)).toEqual([nginx.master, ...nginx.workers].sort((a, b) => a - b));
  });

  it('exports every holder: a JSON array, and CSV owner_pids joined by ; with owner_pid the first', async () => {
    const { sockets } = await createLinuxSource().sample();
    const row = exportRow(listenerOn(sockets, nginx.port)!);
    const json = JSON.parse(JSON.stringify(row)) as { owners: { pid: number }[]; owner: { pid: number } };
    expect(json.owners.map((o) => o.pid)).toEqual([nginx.master, ...nginx.workers]);
    const csv = socketsToCsv([row]);
    const [header, line] = csv.split('\r\n');
    const cells = Object.fromEntries((header ?? '').split(',').map((h, i) => [h, (line ?? '').split(',')[i]]));
    expect(cells.owner_pid).toBe(String(nginx.master));
    expect(cells.owner_pids).toBe([nginx.master, ...nginx.workers].join(';'));
    expect(csvToSockets(csv)).toEqual([row]);
  });

  it('drops a worker from the holders once it exits, with no new socket in the table', async () => {
    const source = createLinuxSource({ resolver: { holderRefreshMs: 0 } });
    await source.sample();
    const [first, second] = nginx.workers;
    process.kill(second ?? -1, 'SIGKILL');
    // The master forks a replacement worker: it holds the listener too.
    let pids: number[] = [];
    for (let i = 0; i < 40; i++) {
      await new Promise((done) => setTimeout(done, 100));
      pids = listenerOn((await source.sample()).sockets, nginx.port)?.owners?.map((o) => o.pid) ?? [];
      if (!pids.includes(second ?? -1) && pids.length === 3) break;
    }
    expect(pids).not.toContain(second);
    expect(pids.slice(0, 2)).toEqual([nginx.master, first]);
    expect(pids).toHaveLength(3);
  });
});

/** Listens, then forks; prints "port parent child" and holds on until stdin closes. */
const FORKER = `
import os, socket, sys
s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(8)
child = os.fork()
if child == 0:
    sys.stdin.read(); os._exit(0)
print(s.getsockname()[1], os.getpid(), child, flush=True)
sys.stdin.read()
os.waitpid(child, 0)
`;

describe('a Python parent that forks after listen', () => {
  let child: ChildProcess;
  let facts: number[] = [];
  beforeAll(async () => {
    child = spawn('python3', ['-c', FORKER], { stdio: ['pipe', 'pipe', 'inherit'] });
    const line = await createInterface({ input: child.stdout! })[Symbol.asyncIterator]().next();
    facts = String(line.value).trim().split(' ').map(Number);
  });
  afterAll(() => {
    child.stdin?.end();
  });

  it('shows both processes on the listener, the parent first', async () => {
    const [port, parent, forked] = facts;
    const { sockets } = await createLinuxSource().sample();
    const row = listenerOn(sockets, port ?? -1);
    expect(row?.owner?.pid).toBe(parent);
    expect(row?.owners?.map((o) => [o.pid, o.ppid])).toEqual([
      [parent, process.pid],
      [forked, parent],
    ]);
    const back = csvToSockets(socketsToCsv([exportRow(row!)]));
    expect(back[0]?.owners?.map((o) => o.pid)).toEqual([parent, forked]);
  });
});
