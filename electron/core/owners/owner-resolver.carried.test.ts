import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Socket } from '../../../shared/model';
import type { OwnerResolver, ResolveReport } from './owner-resolver';
import { createOwnerResolver } from './owner-resolver';
import type { ProcTree } from './proc-tree-test-kit';
import { createProcTree, socketWithInode } from './proc-tree-test-kit';

/**
 * The row reader hands unchanged rows back as the very objects the resolver settled last pass,
 * mostly at the same index. These tests drive one resolver that way and a second one with fresh
 * rows every pass, and require the same owners, holders and reports from both after every change.
 */
describe('owner resolver given last pass rows again (as the row reader hands them)', () => {
  let tree: ProcTree;
  let carried: OwnerResolver;
  let fresh: OwnerResolver;
  let rows: Socket[];
  beforeEach(() => {
    tree = createProcTree();
    const options = { procRoot: tree.root, fullRescanMs: Infinity, holderRefreshMs: Infinity, unknownRetryMs: 0 };
    carried = createOwnerResolver(options);
    fresh = createOwnerResolver(options);
    rows = [];
  });
  afterEach(() => tree.dispose());

  const holders = (s: Socket | undefined) => ({ owner: s?.owner ?? null, owners: s?.owners?.map((o) => o.pid) });
  const counts = (r: ResolveReport) => ({ unattributed: r.unattributed, denied: r.deniedProcesses });

  /** One pass of both: `inodes` is this pass's table; a row already in it is handed back as is. */
  function pass(inodes: number[]): Socket[] {
    const byInode = new Map(rows.map((s) => [s.inode, s]));
    const again = inodes.map((inode, i) => byInode.get(inode) ?? socketWithInode(inode, 40000 + i));
    const before = [...again];
    const other = inodes.map((inode, i) => socketWithInode(inode, 40000 + i));
    const a = carried.resolve(again);
    const b = fresh.resolve(other);
    expect(counts(a)).toEqual(counts(b));
    expect(again.map(holders)).toEqual(other.map(holders));
    // A row whose owner changed is a copy; the object handed in is never changed.
    again.forEach((s, i) => {
      if (s !== before[i]) expect(before[i]?.owner === s.owner && before[i]?.owners === s.owners).toBe(false);
    });
    rows = again;
    return again;
  }

  it('follows an exit, a fork, a reused pid and a closed fd on rows it settled before', () => {
    tree.process(100, 'master', 5000, [11, 12]);
    tree.process(200, 'other', 6000, [13]);
    const first = pass([11, 12, 13, 0]);
    expect(first.map((s) => s.owner?.pid ?? null)).toEqual([100, 100, 200, null]);
    // Nothing changed: the same objects come back untouched.
    const second = pass([11, 12, 13, 0]);
    second.forEach((s, i) => expect(s).toBe(first[i]));
    // A fork adds holders to rows that are themselves unchanged.
    tree.process(101, 'worker', 5001, [11]);
    expect(pass([11, 12, 13, 0])[0]?.owners?.map((o) => o.pid)).toEqual([100, 101]);
    // The master exits: its rows pass to the worker or to nobody.
    tree.exit(100);
    expect(pass([11, 12, 13, 0]).map((s) => s.owner?.pid ?? null)).toEqual([101, null, 200, null]);
    // pid 200 is reused by another process that holds the same socket.
    tree.process(200, 'reborn', 9000, [13]);
    expect(pass([11, 12, 13, 0])[2]?.owner).toMatchObject({ pid: 200, name: 'reborn', startTime: 9000 });
    // The worker closes its fd; rows move up by one as a row above them goes.
    tree.closeFd(101, 10);
    expect(pass([12, 11, 13]).map((s) => s.owner?.pid ?? null)).toEqual([null, null, 200]);
  });

  it('hands a shared socket to the holder left when the first exits, with no fd read at all', () => {
    tree.process(100, 'parent', 5000, [11]);
    tree.process(101, 'child', 5001, [11]);
    tree.process(200, 'other', 6000, [12]);
    expect(pass([11, 12])[0]?.owners?.map((o) => o.pid)).toEqual([100, 101]);
    pass([11, 12]);
    tree.exit(100);
    const after = pass([11, 12]);
    expect(after[0]?.owner?.pid).toBe(101);
    expect(after[0]?.owners).toBeUndefined();
  });

  it('keeps rows right when they come back at other indexes or twice', () => {
    tree.process(100, 'a', 5000, [11]);
    tree.process(200, 'b', 6000, [12]);
    pass([11, 12]);
    pass([12, 11]);
    tree.exit(200);
    expect(pass([12, 11, 12]).map((s) => s.owner?.pid ?? null)).toEqual([null, 100, null]);
    tree.process(300, 'c', 7000, [12]);
    expect(pass([11, 12]).map((s) => s.owner?.pid ?? null)).toEqual([100, 300]);
  });
});
