/**
 * Test-only: builds small proc trees (pid/stat and pid/fd symlinks to socket:[inode]) in a temp
 * folder, so the resolver can be driven through exits, pid reuse and new sockets that a live
 * machine cannot stage on demand. Uses tmpfs where present: its directory sizes grow with the
 * entries, like the fd counts /proc reports.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from '../../../shared/model';

/** A /proc/<pid>/stat line with the fields Ephemera reads set, the rest plausible. */
export function statLine(pid: number, comm: string, startTime: number, utime = 0, stime = 0, ppid = 1): string {
  return (
    `${pid} (${comm}) S ${ppid} ${pid} ${pid} 0 -1 4194304 100 0 0 0 ${utime} ${stime} 0 0 20 0 1 0 ` +
    `${startTime} 1000000 200 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n`
  );
}

/** A fake proc root that tests change between resolves. */
export interface ProcTree {
  root: string;
  /** Creates (or replaces) a process with its socket fds. */
  process(pid: number, comm: string, startTime: number, inodes: number[]): void;
  /** Adds one socket fd to a process. */
  openSocket(pid: number, fd: number, inode: number): void;
  closeFd(pid: number, fd: number): void;
  exit(pid: number): void;
  dispose(): void;
}

/** A new empty proc tree. */
export function createProcTree(): ProcTree {
  const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  const root = mkdtempSync(join(base, 'ephemera-proc-'));
  const tree: ProcTree = {
    root,
    process(pid, comm, startTime, inodes) {
      rmSync(join(root, String(pid)), { recursive: true, force: true });
      mkdirSync(join(root, String(pid), 'fd'), { recursive: true });
      writeFileSync(join(root, String(pid), 'stat'), statLine(pid, comm, startTime));
      symlinkSync('/dev/null', join(root, String(pid), 'fd', '0'));
      inodes.forEach((inode, i) => tree.openSocket(pid, 10 + i, inode));
    },
    openSocket(pid, fd, inode) {
      symlinkSync(`socket:[${inode}]`, join(root, String(pid), 'fd', String(fd)));
    },
    closeFd(pid, fd) {
      unlinkSync(join(root, String(pid), 'fd', String(fd)));
    },
    exit(pid) {
      rmSync(join(root, String(pid)), { recursive: true, force: true });
    },
    dispose() {
      rmSync(root, { recursive: true, force: true });
    },
  };
  return tree;
}

/** A minimal TCP row with this inode, for resolver tests that need no table text. */
export function socketWithInode(inode: number, localPort = 40000): Socket {
  return {
    id: `tcp|127.0.0.1|${localPort}|0.0.0.0|0|${inode}`,
    proto: 'tcp',
    family: 4,
    localAddress: '127.0.0.1',
    localPort,
    remoteAddress: '0.0.0.0',
    remotePort: 0,
    state: inode === 0 ? 'TIME_WAIT' : 'LISTEN',
    inode,
    uid: 0,
    txQueue: 0,
    rxQueue: 0,
    timer: null,
    owner: null,
  };
}
