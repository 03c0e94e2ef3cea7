import { describe, expect, it } from 'vitest';
import { testSocket } from './filter-fixtures';
import type { Socket } from './model';
import { countOwnerCoverage } from './owner-coverage';
import type { CoverageContext } from './owner-coverage';
import { ownerCoverageText } from './owner-coverage-text';

const owner = { pid: 4242, startTime: 99, name: 'nginx' };
const linux = (uid: number, unreadable: CoverageContext['unreadable'] = []): CoverageContext => ({ platform: 'linux', uid, inodes: true, unreadable });

/** The table the issue saw as root: 8 owned, 22 TIME_WAIT remnants, 1 socket of an unreadable process. */
function rootTable(): Socket[] {
  const owned = Array.from({ length: 8 }, (_, i) => testSocket({ localPort: 40_000 + i, owner, uid: 0 }));
  const timeWait = Array.from({ length: 22 }, (_, i) => testSocket({ localPort: 50_000 + i, state: 'TIME_WAIT', inode: 0, uid: 0 }));
  return [...owned, ...timeWait, testSocket({ localPort: 60_001, uid: 100 })];
}

describe('countOwnerCoverage', () => {
  it('as root: remnants and a process even root cannot read, never "other users"', () => {
    const c = countOwnerCoverage(rootTable(), linux(0, [{ pid: 777, name: 'sandboxed' }]));
    expect(c).toMatchObject({ attributed: 8, total: 31, timeWait: 22, unreadable: 1, otherUsers: 0, notFound: 0, asRoot: true });
    const text = ownerCoverageText(c);
    expect(text).toBe(
      '8 of 31 sockets attributed; 22 in TIME_WAIT (closed; no process holds them); ' +
        '1 in processes whose fds even root could not read: sandboxed (pid 777)',
    );
    expect(text).not.toContain('other users');
  });

  it('as root with nothing denied: an unowned socket was not found, not hidden', () => {
    const c = countOwnerCoverage([testSocket({ localPort: 1, uid: 100 })], linux(0));
    expect(c).toMatchObject({ notFound: 1, otherUsers: 0, unreadable: 0 });
    expect(ownerCoverageText(c)).toBe('0 of 1 sockets attributed; 1 found in no process (kernel sockets, another pid namespace)');
  });

  it('as non-root: other users\' sockets are hidden; own unfound sockets are not found', () => {
    const sockets = [
      testSocket({ localPort: 1, uid: 1000, owner }),
      testSocket({ localPort: 2, uid: 0 }),
      testSocket({ localPort: 3, uid: 33 }),
      testSocket({ localPort: 4, uid: 1000 }),
    ];
    const c = countOwnerCoverage(sockets, linux(1000));
    expect(c).toMatchObject({ attributed: 1, total: 4, otherUsers: 2, notFound: 1, unreadable: 0, asRoot: false });
    expect(ownerCoverageText(c)).toBe(
      "1 of 4 sockets attributed; 2 of other users' processes (visible as root); 1 found in no process (kernel sockets, another pid namespace)",
    );
  });

  it('as non-root with an unreadable process of this user: its socket is named as unreadable, others stay other users\'', () => {
    const sockets = [testSocket({ localPort: 1, uid: 1000 }), testSocket({ localPort: 2, uid: 0 })];
    const c = countOwnerCoverage(sockets, linux(1000, [{ pid: 31, name: 'ssh-agent' }, { pid: 32, name: '' }]));
    expect(c).toMatchObject({ otherUsers: 1, unreadable: 1, unreadableProcesses: [{ pid: 31 }, { pid: 32 }] });
    expect(ownerCoverageText(c)).toContain('1 in processes whose fds could not be read: ssh-agent (pid 31), pid 32');
  });

  it('remnants by kind: TIME_WAIT, orphans with inode 0, connections waiting in an accept queue', () => {
    const sockets = [
      testSocket({ localPort: 1, state: 'TIME_WAIT', inode: 0 }),
      testSocket({ localPort: 2, state: 'FIN_WAIT2', inode: 0 }),
      testSocket({ localPort: 3, state: 'LAST_ACK', inode: 0 }),
      testSocket({ localPort: 4, state: 'ESTABLISHED', inode: 0 }),
      testSocket({ localPort: 5, state: 'SYN_RECV', inode: 0 }),
    ];
    const c = countOwnerCoverage(sockets, linux(1000));
    expect(c).toMatchObject({ timeWait: 1, orphaned: 2, acceptQueue: 2, otherUsers: 0, notFound: 0 });
    expect(ownerCoverageText(c)).toBe(
      '0 of 5 sockets attributed; 1 in TIME_WAIT (closed; no process holds them); ' +
        '2 orphaned (closed by their process, still closing); 2 waiting in an accept queue',
    );
  });

  it('names at most five unreadable processes and counts every socket', () => {
    const procs = Array.from({ length: 9 }, (_, i) => ({ pid: 100 + i, name: `p${i}` }));
    const sockets = Array.from({ length: 12 }, (_, i) => testSocket({ localPort: 1 + i, uid: 0 }));
    const c = countOwnerCoverage(sockets, linux(0, procs));
    expect(c.unreadable).toBe(12);
    expect(c.unreadableProcesses).toHaveLength(5);
  });

  it('on Windows (no uid, no inodes): TIME_WAIT is a remnant, the rest the system owns', () => {
    const sockets = [
      testSocket({ localPort: 1, state: 'TIME_WAIT', inode: 0, uid: null }),
      testSocket({ localPort: 2, state: 'ESTABLISHED', inode: 0, uid: null }),
      testSocket({ localPort: 3, inode: 0, uid: null, owner }),
    ];
    const c = countOwnerCoverage(sockets, { platform: 'win32', uid: null, inodes: false, unreadable: [] });
    expect(c).toMatchObject({ timeWait: 1, notFound: 1, orphaned: 0, acceptQueue: 0, asRoot: null });
    expect(ownerCoverageText(c)).toBe(
      '1 of 3 sockets attributed; 1 in TIME_WAIT (closed; no process holds them); 1 owned by the system (netstat names no process)',
    );
  });

  it('on macOS: an inode-less row is not taken for an orphan; netstat named no process', () => {
    const sockets = [testSocket({ localPort: 1, state: 'FIN_WAIT2', inode: 0, uid: null })];
    const c = countOwnerCoverage(sockets, { platform: 'darwin', uid: 501, inodes: false, unreadable: [] });
    expect(c).toMatchObject({ orphaned: 0, notFound: 1, asRoot: false });
    expect(ownerCoverageText(c)).toBe("0 of 1 sockets attributed; 1 with no process in netstat's table");
  });

  it('says all or nothing yet, and keeps a coverage from an older service readable', () => {
    expect(ownerCoverageText(countOwnerCoverage([], linux(0)))).toBe('no sockets yet');
    expect(ownerCoverageText(countOwnerCoverage([testSocket({ localPort: 1, owner })], linux(0)))).toBe('all 1 sockets attributed');
    expect(ownerCoverageText({ attributed: 2, total: 3 })).toBe('2 of 3 sockets attributed; owner unknown for the rest');
  });
});
