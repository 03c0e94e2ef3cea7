import { chmodSync, chownSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Socket } from '../../../shared/model';
import { PROC_NET_TABLES, parseProcNet } from '../sampler/linux-proc-net-parse';
import { createOwnerResolver } from './owner-resolver';
import type { ProcTree } from './proc-tree-test-kit';
import { createProcTree, socketWithInode } from './proc-tree-test-kit';

/** An owner as the fd scan reports it (the test tree's processes have parent pid 1). */
const exact = (pid: number, startTime: number, name: string) => ({ pid, startTime, name, ppid: 1, basis: 'exact' });

const CAPTURE = join(__dirname, '../sampler/fixtures/linux/capture-1');

function captureSockets(): Socket[] {
  return PROC_NET_TABLES.flatMap((t) => parseProcNet(readFileSync(join(CAPTURE, 'proc/net', t)), t).sockets);
}

describe('owner resolver on the recorded capture tree', () => {
  it('attributes every socket the capture held, to the right pid and start time', () => {
    const capture = JSON.parse(readFileSync(join(CAPTURE, 'capture.json'), 'utf8')) as {
      pid: number;
      fdLinks: Record<string, string>;
      nobody: { pid: number };
    };
    const sockets = captureSockets();
    const report = createOwnerResolver({ procRoot: join(CAPTURE, 'proc') }).resolve(sockets);
    const held = new Set(Object.values(capture.fdLinks).map((link) => Number(/\d+/.exec(link)?.[0])));
    const ours = sockets.filter((s) => held.has(s.inode));
    // ss -tunaep showed 17 rows with users:(("node",pid=10723,...)) and one of pid 10751: the same here.
    expect(ours).toHaveLength(17);
    for (const row of ours) expect(row.owner).toMatchObject({ pid: capture.pid, startTime: 71856, name: 'node', basis: 'exact' });
    expect(sockets.find((s) => s.inode === 13072)?.owner).toMatchObject({ pid: capture.nobody.pid, startTime: 71886, name: 'node', basis: 'exact' });
    // The machine's own listener (no process in the tree) and TIME_WAIT remnants stay unknown.
    expect(sockets.find((s) => s.inode === 1587)?.owner).toBeNull();
    for (const s of sockets.filter((r) => r.state === 'TIME_WAIT')) expect(s.owner).toBeNull();
    expect(report.unattributed).toBe(1);
  });
});

describe('owner resolver through exits, pid reuse and new sockets', () => {
  let tree: ProcTree;
  beforeEach(() => {
    tree = createProcTree();
  });
  afterEach(() => tree.dispose());

  it('scans once, then reads no fd table while nothing changes', () => {
    tree.process(100, 'server', 5000, [11, 12]);
    tree.process(200, 'idle', 6000, []);
    const resolver = createOwnerResolver({ procRoot: tree.root });
    const sockets = [socketWithInode(11), socketWithInode(12), socketWithInode(0)];
    expect(resolver.resolve(sockets).scannedProcesses).toBe(2);
    expect(sockets.map((s) => s.owner?.pid ?? null)).toEqual([100, 100, null]);
    const again = [socketWithInode(11), socketWithInode(12)];
    expect(resolver.resolve(again).scannedProcesses).toBe(0);
    expect(again[1]?.owner).toEqual(exact(100, 5000, 'server'));
  });

  it('finds a new socket of a known process', () => {
    tree.process(100, 'server', 5000, [11]);
    const resolver = createOwnerResolver({ procRoot: tree.root });
    resolver.resolve([socketWithInode(11)]);
    tree.openSocket(100, 20, 21);
    const sockets = [socketWithInode(11), socketWithInode(21)];
    resolver.resolve(sockets);
    expect(sockets[1]?.owner?.pid).toBe(100);
  });

  it('never keeps the old owner on a reused pid', () => {
    tree.process(100, 'old', 5000, [11]);
    const resolver = createOwnerResolver({ procRoot: tree.root });
    resolver.resolve([socketWithInode(11)]);
    // pid 100 exits; a new process gets pid 100 and holds a different socket.
    tree.process(100, 'new', 9000, [31]);
    const sockets = [socketWithInode(11), socketWithInode(31)];
    resolver.resolve(sockets);
    expect(sockets[0]?.owner).toBeNull();
    expect(sockets[1]?.owner).toEqual(exact(100, 9000, 'new'));
  });

  it('lists every holder of a shared socket, and hands it to the one left when the first exits', () => {
    tree.process(100, 'parent', 5000, [11]);
    tree.process(101, 'child', 5001, [11]);
    const resolver = createOwnerResolver({ procRoot: tree.root, fullRescanMs: Infinity });
    const first = [socketWithInode(11)];
    resolver.resolve(first);
    expect(first[0]?.owner).toEqual(exact(100, 5000, 'parent'));
    expect(first[0]?.owners).toEqual([exact(100, 5000, 'parent'), exact(101, 5001, 'child')]);
    tree.exit(100);
    const second = [socketWithInode(11)];
    expect(resolver.resolve(second).scannedProcesses).toBe(0);
    expect(second[0]?.owner).toEqual(exact(101, 5001, 'child'));
    expect(second[0]?.owners).toBeUndefined();
  });

  it('finds the holders a fork adds with no new socket in the table, reading only the new process', () => {
    tree.process(100, 'master', 5000, [11]);
    tree.process(200, 'other', 4000, [12]);
    const resolver = createOwnerResolver({ procRoot: tree.root, fullRescanMs: Infinity, holderRefreshMs: Infinity });
    resolver.resolve([socketWithInode(11), socketWithInode(12)]);
    tree.process(101, 'worker', 5002, [11]);
    tree.process(102, 'worker', 5001, [11]);
    const rows = [socketWithInode(11), socketWithInode(12)];
    expect(resolver.resolve(rows).scannedProcesses).toBe(2);
    // Earliest started first: the master, then the workers by start time.
    expect(rows[0]?.owners?.map((o) => o.pid)).toEqual([100, 102, 101]);
    expect(rows[0]?.owner?.pid).toBe(100);
    expect(rows[1]?.owners).toBeUndefined();
    // Nothing changed: the same holders array, no read.
    const again = [socketWithInode(11), socketWithInode(12)];
    expect(resolver.resolve(again).scannedProcesses).toBe(0);
    expect(again[0]?.owners).toBe(rows[0]?.owners);
  });

  it('notices a socket passed to a running process at the next holder refresh', () => {
    tree.process(100, 'sender', 5000, [11]);
    tree.process(300, 'receiver', 6000, []);
    const resolver = createOwnerResolver({ procRoot: tree.root, fullRescanMs: Infinity, holderRefreshMs: 0 });
    resolver.resolve([socketWithInode(11)]);
    tree.openSocket(300, 10, 11);
    const rows = [socketWithInode(11)];
    expect(resolver.resolve(rows).scannedProcesses).toBe(1);
    expect(rows[0]?.owners?.map((o) => o.pid)).toEqual([100, 300]);
  });

  it('finds a socket swapped in for a closed one at an unchanged fd count, reading only that process', () => {
    tree.process(100, 'pool', 5000, [11]);
    tree.process(200, 'other', 6000, [12]);
    const resolver = createOwnerResolver({ procRoot: tree.root, fullRescanMs: Infinity });
    resolver.resolve([socketWithInode(11), socketWithInode(12)]);
    // Close one connection and open another on the same fd: the count stays the same, but 11 left.
    tree.closeFd(100, 10);
    tree.openSocket(100, 10, 21);
    const sockets = [socketWithInode(12), socketWithInode(21)];
    expect(resolver.resolve(sockets).scannedProcesses).toBe(1);
    expect(sockets[1]?.owner?.pid).toBe(100);
  });

  it("finds a socket swapped in for a file among the processes of the socket's uid only", () => {
    tree.process(100, 'app', 5000, [11]);
    tree.process(200, 'root-daemon', 6000, [12]);
    tree.process(300, 'app-helper', 7000, []);
    for (const pid of [100, 300]) chownSync(join(tree.root, String(pid), 'fd'), 1000, 1000);
    const resolver = createOwnerResolver({ procRoot: tree.root, fullRescanMs: Infinity });
    resolver.resolve([socketWithInode(11), socketWithInode(12)]);
    // 100 closes a file (its fd 0) and opens a socket there: no table inode left, the count holds.
    tree.closeFd(100, 0);
    tree.openSocket(100, 0, 21);
    const sockets = [socketWithInode(11), socketWithInode(12), { ...socketWithInode(21), uid: 1000 }];
    expect(resolver.resolve(sockets).scannedProcesses).toBe(2);
    expect(sockets[2]?.owner?.pid).toBe(100);
  });

  it("leaves a socket held by another uid's process at an unchanged count to the full rescan", () => {
    tree.process(100, 'worker', 5000, [11]);
    chownSync(join(tree.root, '100', 'fd'), 33, 33);
    const lazy = createOwnerResolver({ procRoot: tree.root, fullRescanMs: Infinity });
    const eager = createOwnerResolver({ procRoot: tree.root, fullRescanMs: 0 });
    lazy.resolve([socketWithInode(11)]);
    eager.resolve([socketWithInode(11)]);
    // A root-made socket (uid 0) taken over by a worker of uid 33 in place of a file.
    tree.closeFd(100, 0);
    tree.openSocket(100, 0, 21);
    const viaLazy = [socketWithInode(11), socketWithInode(21)];
    const viaEager = [socketWithInode(11), socketWithInode(21)];
    expect(lazy.resolve(viaLazy).scannedProcesses).toBe(0);
    expect(eager.resolve(viaEager).scannedProcesses).toBe(1);
    expect(viaLazy[1]?.owner).toBeNull();
    expect(viaEager[1]?.owner?.pid).toBe(100);
  });

  it('holds back a uid search that found nothing for unknownRetryMs, then searches again', async () => {
    tree.process(100, 'app', 5000, [11]);
    const resolver = createOwnerResolver({ procRoot: tree.root, fullRescanMs: Infinity, unknownRetryMs: 1000 });
    resolver.resolve([socketWithInode(11)]);
    // 98 is nobody's (a connection already closed, say): the uid search reads 100 in vain.
    expect(resolver.resolve([socketWithInode(11), socketWithInode(98)]).scannedProcesses).toBe(1);
    tree.closeFd(100, 0);
    tree.openSocket(100, 0, 21);
    const held = [socketWithInode(11), socketWithInode(21)];
    expect(resolver.resolve(held).scannedProcesses).toBe(0);
    expect(held[1]?.owner).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    // 21 stayed new while held back: the search runs again once the interval is over.
    const later = [socketWithInode(11), socketWithInode(21)];
    expect(resolver.resolve(later).scannedProcesses).toBe(1);
    expect(later[1]?.owner?.pid).toBe(100);
  });

  it('never changes a Socket object: a row with a new owner is replaced by a copy', () => {
    tree.process(100, 'server', 5000, [11]);
    const original = socketWithInode(11);
    const sockets = [original];
    createOwnerResolver({ procRoot: tree.root }).resolve(sockets);
    expect(original.owner).toBeNull();
    expect(sockets[0]).not.toBe(original);
    expect(sockets[0]).toEqual({ ...original, owner: exact(100, 5000, 'server') });
  });

  it('lets go of a socket its owner closed while the owner lives on', () => {
    tree.process(100, 'a', 5000, [11, 12]);
    tree.process(200, 'b', 6000, []);
    const resolver = createOwnerResolver({ procRoot: tree.root });
    resolver.resolve([socketWithInode(11), socketWithInode(12)]);
    // 100 passes inode 12 on to 200 (SCM_RIGHTS), then closes its own fd; 200 also opens 13.
    tree.closeFd(100, 11);
    tree.openSocket(200, 30, 12);
    tree.openSocket(200, 31, 13);
    const sockets = [socketWithInode(12), socketWithInode(13)];
    resolver.resolve(sockets);
    expect(sockets.map((s) => s.owner?.pid)).toEqual([200, 200]);
  });

  it('keeps an unattributable inode as unknown without rescanning every pass', () => {
    tree.process(100, 'server', 5000, [11]);
    tree.process(200, 'other', 6000, [12]);
    const resolver = createOwnerResolver({ procRoot: tree.root, unknownRetryMs: 0, fullRescanMs: Infinity });
    const table = (): Socket[] => [socketWithInode(11), socketWithInode(12), socketWithInode(99)];
    expect(resolver.resolve([socketWithInode(11), socketWithInode(12)]).scannedProcesses).toBe(2);
    // First sighting: searched among the processes of its uid, once.
    expect(resolver.resolve(table()).scannedProcesses).toBe(2);
    for (let i = 0; i < 3; i++) expect(resolver.resolve(table())).toMatchObject({ scannedProcesses: 0, unattributed: 1 });
    // A new process appears that holds it: the unknown is retried and found.
    tree.process(300, 'late', 7000, [99]);
    const sockets = table();
    expect(resolver.resolve(sockets)).toMatchObject({ scannedProcesses: 1, unattributed: 0 });
    expect(sockets[2]?.owner?.pid).toBe(300);
  });

  it('retries known unknowns at most every unknownRetryMs', () => {
    tree.process(100, 'server', 5000, [11]);
    const resolver = createOwnerResolver({ procRoot: tree.root, unknownRetryMs: 60_000 });
    tree.process(300, 'late', 7000, []);
    resolver.resolve([socketWithInode(11), socketWithInode(99)]);
    // A socket this process got later (as over a unix socket) at no new inode in the table.
    tree.openSocket(300, 10, 99);
    const sockets = [socketWithInode(11), socketWithInode(99)];
    expect(resolver.resolve(sockets).scannedProcesses).toBe(0);
    expect(sockets[1]?.owner).toBeNull();
    // A never-seen inode makes it look at once, and the changed process set is read then.
    const later = [socketWithInode(11), socketWithInode(99), socketWithInode(12)];
    resolver.resolve(later);
    expect(later[1]?.owner?.pid).toBe(300);
  });

  /** Process 100 readable by nobody (65534), process 400's fds readable by root alone. */
  const deniedTree = (name: string): void => {
    tree.process(100, 'mine', 5000, [11]);
    tree.process(400, name, 8000, [44]);
    chmodSync(tree.root, 0o755);
    chmodSync(join(tree.root, '400', 'fd'), 0o700);
    chownSync(join(tree.root, '100', 'fd'), 65534, 65534);
  };

  it('treats a denied fd table as owner unknown, with one summarized message', () => {
    deniedTree('root-only');
    const resolver = createOwnerResolver({ procRoot: tree.root });
    const sockets = [socketWithInode(11), socketWithInode(44)];
    const reports = asUser(65534, () => [resolver.resolve(sockets), resolver.resolve([socketWithInode(11), socketWithInode(44)])]);
    expect(sockets.map((s) => s.owner?.pid ?? null)).toEqual([100, null]);
    expect(reports[0]).toMatchObject({ unattributed: 1, deniedProcesses: 1 });
    expect(reports[0]?.message).toMatch(/permission denied .* 1 process/);
    expect(reports[1]).toMatchObject({ unattributed: 1, message: null, scannedProcesses: 0 });
  });

  it('as root refused anyway, names the processes and never says "normal without root"', () => {
    deniedTree('sandboxed');
    // Root reads every fd table here, so root's refusal is played by nobody reading as uid 0 would.
    const resolver = createOwnerResolver({ procRoot: tree.root, uid: 0 });
    const report = asUser(65534, () => resolver.resolve([socketWithInode(11), socketWithInode(44)]));
    expect(report.unreadable).toEqual([{ pid: 400, name: 'sandboxed' }]);
    expect(report.message).toBe('owner unknown for 1 socket(s): even root was refused the fds of 1 process(es): sandboxed (pid 400)');
    expect(report.message).not.toContain('normal without root');
  });
});

/** Runs `fn` with this process's effective uid switched (root only), and switches back. */
function asUser<T>(uid: number, fn: () => T): T {
  process.seteuid?.(uid);
  try {
    return fn();
  } finally {
    process.seteuid?.(0);
  }
}
