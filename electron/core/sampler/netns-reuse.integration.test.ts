/**
 * Quiet namespaces are not re-read, for real: a namespace this test creates (`ip netns add`, lo up)
 * with one Python process inside that opens, connects, closes and accepts on command. Between
 * commands the namespace's counters stand still, so its rows come back as the same objects and no
 * table is read; each change a counter shows is in the next tick; what no counter shows (accept()
 * taking a child off a listener's queue) is there within the maximum age. Needs root.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface, type Interface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from '../../../shared/model';
import { createOwnerResolver } from '../owners/owner-resolver';
import { createLinuxSource } from './linux-source';
import type { NamespaceRead, NamespaceTables } from './netns-tables';
import { createNamespaceTables } from './netns-tables';

const isRoot = process.getuid?.() === 0;
const hasIp = spawnSync('ip', ['-V']).status === 0;
const reason = !isRoot ? 'needs root to create a network namespace' : 'needs the ip command (iproute2)';

/** Reads commands from stdin, answers each with one line of JSON. */
const INSIDE = `
import json, os, socket, sys
socks = {}
def reply(**kw): print(json.dumps(kw), flush=True)
reply(pid=os.getpid())
for line in sys.stdin:
    cmd, *args = line.split()
    if cmd == 'listen':
        s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(8); socks[args[0]] = s; reply(port=s.getsockname()[1])
    elif cmd == 'connect':
        c = socket.create_connection(('127.0.0.1', int(args[1]))); socks[args[0]] = c; reply(port=c.getsockname()[1])
    elif cmd == 'accept':
        a, peer = socks[args[1]].accept(); socks[args[0]] = a; reply(port=peer[1])
    elif cmd == 'close':
        socks.pop(args[0]).close(); reply(ok=True)
    elif cmd == 'halfclose':
        s = socks.pop(args[0]); s.shutdown(socket.SHUT_WR); s.close(); reply(ok=True)
`;

describe.skipIf(!isRoot || !hasIp)(
  `quiet namespaces are reused (${isRoot && hasIp ? 'root' : `skipped: ${reason}`})`,
  () => {
    const ns = `eph-ns-${randomBytes(4).toString('hex')}`;
    const ip = (...args: string[]) => spawnSync('ip', args, { encoding: 'utf8' });
    let child: ChildProcess;
    let lines: Interface;
    let pid = 0;
    const answers: string[] = [];
    const waiting: ((line: string) => void)[] = [];

    async function ask(command: string): Promise<Record<string, number>> {
      const next = new Promise<string>((done) => waiting.push(done));
      child.stdin?.write(`${command}\n`);
      return JSON.parse(await next) as Record<string, number>;
    }

    beforeAll(async () => {
      for (const cmd of [
        ['netns', 'add', ns],
        ['-n', ns, 'link', 'set', 'lo', 'up'],
      ]) {
        const r = ip(...cmd);
        if (r.status !== 0) throw new Error(`ip ${cmd.join(' ')}: ${r.stderr}`);
      }
      // A FIN_WAIT2 left by a close lingers as a time-wait socket this long: a real expiry within the test.
      const fin = ip('netns', 'exec', ns, 'sh', '-c', 'echo 1 > /proc/sys/net/ipv4/tcp_fin_timeout');
      if (fin.status !== 0) throw new Error(`tcp_fin_timeout in ${ns}: ${fin.stderr}`);
      child = spawn('ip', ['netns', 'exec', ns, 'python3', '-c', INSIDE], { stdio: ['pipe', 'pipe', 'inherit'] });
      lines = createInterface({ input: child.stdout! });
      lines.on('line', (line) => {
        const w = waiting.shift();
        if (w === undefined) answers.push(line);
        else w(line);
      });
      const first = answers.shift() ?? (await new Promise<string>((done) => waiting.push(done)));
      pid = (JSON.parse(first) as { pid: number }).pid;
    }, 20_000);
    afterAll(() => {
      child?.stdin?.end();
      child?.kill();
      ip('netns', 'del', ns);
    });

    /** One tick of the namespace tables over this namespace alone (other tests' namespaces left out). */
    function tick(tables: NamespaceTables): NamespaceRead {
      const errors: string[] = [];
      const read = tables.read([pid], errors);
      expect(errors).toEqual([]);
      tables.commit(read.sockets);
      return read;
    }
    const tcp = (rows: Socket[], port: number) =>
      rows.filter((s) => s.proto === 'tcp' && (s.localPort === port || s.remotePort === port));
    const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

    it('serves a quiet namespace from its last rows, the same objects, with no table read', async () => {
      const { port } = await ask('listen quiet');
      await ask(`connect quietc ${port}`);
      await ask('accept quieta quiet');
      const tables = createNamespaceTables({ procRoot: '/proc', clkTck: 100, maxAgeMs: 60_000 });
      const first = tick(tables);
      expect(first).toMatchObject({ namespaces: 1, reused: 0 });
      // tcp read; tcp6 and the udp tables are empty by the counters and left unread.
      expect(first.tablesRead).toBe(1);
      expect(tcp(first.sockets, port ?? 0)).toHaveLength(3);
      for (let i = 0; i < 3; i++) {
        const again = tick(tables);
        expect(again).toMatchObject({ namespaces: 1, reused: 1, tablesRead: 0 });
        expect(again.sockets).toHaveLength(first.sockets.length);
        again.sockets.forEach((row, j) => expect(row).toBe(first.sockets[j]));
      }
      await ask('close quietc');
      await ask('close quieta');
      await ask('close quiet');
    });

    it('shows a new listener, a new connection, a close and a time-wait expiry at the next tick', async () => {
      const tables = createNamespaceTables({ procRoot: '/proc', clkTck: 100, maxAgeMs: 60_000 });
      tick(tables);
      expect(tick(tables).reused).toBe(1);
      const { port = 0 } = await ask('listen l');
      let read = tick(tables);
      expect(read.reused).toBe(0);
      expect(tcp(read.sockets, port).map((s) => s.state)).toEqual(['LISTEN']);
      expect(tick(tables).reused).toBe(1);

      const { port: client = 0 } = await ask(`connect c ${port}`);
      read = tick(tables);
      expect(read.reused).toBe(0);
      expect(
        tcp(read.sockets, client)
          .map((s) => s.state)
          .sort(),
      ).toEqual(['ESTABLISHED', 'ESTABLISHED']);
      expect(tick(tables).reused).toBe(1);

      // The client closes first: it lingers in TIME_WAIT, the accepted end in CLOSE_WAIT... closed too.
      await ask('accept a l');
      await ask('close c');
      await ask('close a');
      await sleep(50);
      read = tick(tables);
      expect(read.reused).toBe(0);
      expect(tcp(read.sockets, client).map((s) => s.state)).toEqual(['TIME_WAIT']);
      expect(tick(tables).reused).toBe(1);
      // TIME_WAIT lasts 60 s; the kernel's own removal of it (ss -K) moves the same tw count an expiry does.
      expect(spawnSync('ip', ['netns', 'exec', ns, 'ss', '-K', '-tn', 'state', 'time-wait']).status).toBe(0);
      read = tick(tables);
      expect(read.reused).toBe(0);
      expect(tcp(read.sockets, client)).toEqual([]);

      // A real expiry: a half-closed client whose peer never answers lingers as FIN_WAIT2 for
      // tcp_fin_timeout (1 s here), then goes; the next tick after it goes shows it gone.
      const { port: half = 0 } = await ask(`connect h ${port}`);
      await ask('accept ha l');
      await ask('halfclose h');
      await sleep(50);
      read = tick(tables);
      expect(
        tcp(read.sockets, half)
          .map((s) => s.state)
          .sort(),
      ).toEqual(['CLOSE_WAIT', 'FIN_WAIT2']);
      const since = Date.now();
      while (tcp(read.sockets, half).some((s) => s.state === 'FIN_WAIT2') && Date.now() - since < 5_000) {
        await sleep(100);
        read = tick(tables);
      }
      expect(tcp(read.sockets, half).map((s) => s.state)).toEqual(['CLOSE_WAIT']);
      // It went on its timer, not on a maximum age (60 s here): the counters showed it.
      expect(Date.now() - since).toBeLessThan(4_000);
      await ask('close ha');
      await ask('close l');
    }, 20_000);

    it('shows what no counter shows (an accept) within the maximum age, never later', async () => {
      const maxAgeMs = 1_500;
      const tables = createNamespaceTables({ procRoot: '/proc', clkTck: 100, maxAgeMs });
      const { port = 0 } = await ask('listen q');
      await ask(`connect qc ${port}`);
      await sleep(50);
      const listener = (rows: Socket[]) => rows.find((s) => s.state === 'LISTEN' && s.localPort === port);
      let read = tick(tables);
      expect(listener(read.sockets)?.rxQueue).toBe(1);
      const fullAt = performance.now();
      await ask('accept qa q');
      const acceptedAt = performance.now();
      let stale = 0;
      read = tick(tables);
      while (listener(read.sockets)?.rxQueue !== 0 && performance.now() - acceptedAt < 5_000) {
        expect(read.reused).toBe(1);
        stale++;
        await sleep(50);
        read = tick(tables);
      }
      // The accept changed no counter: the listener's queue stayed 1 on reused ticks, then a read
      // forced by the age (no later than maxAgeMs after the last full read, plus one tick) showed 0.
      expect(stale).toBeGreaterThan(0);
      expect(read.reused).toBe(0);
      expect(listener(read.sockets)?.rxQueue).toBe(0);
      expect(performance.now() - fullAt).toBeLessThan(maxAgeMs + 500);
      // And with the age at 0, every tick reads in full.
      const eager = createNamespaceTables({ procRoot: '/proc', clkTck: 100, maxAgeMs: 0 });
      for (let i = 0; i < 3; i++) expect(tick(eager).reused).toBe(0);
      for (const s of ['qc', 'qa', 'q']) await ask(`close ${s}`);
    }, 20_000);

    it('spares the fd rescan for a reused namespace, and finds the owner of a new socket in it', async () => {
      const tables = createNamespaceTables({ procRoot: '/proc', clkTck: 100, maxAgeMs: 60_000 });
      const resolver = createOwnerResolver({ procRoot: '/proc', holderRefreshMs: 3_600_000, fullRescanMs: 3_600_000 });
      const { port = 0 } = await ask('listen o');
      const pass = () => {
        const read = tables.read([pid], []);
        const report = resolver.resolve(read.sockets, [pid]);
        tables.commit(read.sockets);
        return { read, report };
      };
      const first = pass();
      expect(first.report.scannedProcesses).toBe(1);
      expect(tcp(first.read.sockets, port)[0]?.owner?.pid).toBe(pid);
      const quiet = pass();
      expect(quiet.read.reused).toBe(1);
      expect(quiet.report.scannedProcesses).toBe(0);
      expect(tcp(quiet.read.sockets, port)[0]).toBe(tcp(first.read.sockets, port)[0]);
      const { port: client = 0 } = await ask(`connect oc ${port}`);
      const changed = pass();
      expect(changed.read.reused).toBe(0);
      expect(changed.report.scannedProcesses).toBe(1);
      expect(tcp(changed.read.sockets, client).filter((s) => s.owner?.pid === pid).length).toBeGreaterThanOrEqual(1);
      const after = pass();
      expect(after.read.reused).toBe(1);
      expect(after.report.scannedProcesses).toBe(0);
      for (const s of ['oc', 'o']) await ask(`close ${s}`);
    });

    it('says in the sample timing how many namespaces were served from their last rows', async () => {
      const source = createLinuxSource({ namespaceMaxAgeMs: 60_000 });
      const first = await source.sample();
      const second = await source.sample();
      expect(first.timing?.netns?.namespaces).toBeGreaterThanOrEqual(1);
      expect(first.timing?.netns?.reused).toBe(0);
      // This test's namespace is quiet; others on the machine may not be.
      expect(second.timing?.netns?.reused).toBeGreaterThanOrEqual(1);
      expect(second.sockets.filter((s) => s.netns?.name === ns)).toEqual(
        first.sockets.filter((s) => s.netns?.name === ns),
      );
    });
  },
);
