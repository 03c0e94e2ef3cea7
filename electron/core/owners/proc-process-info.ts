/**
 * Full details of one process from /proc, read when the user opens the details view (never per
 * tick). Each field that the kernel denies to this user is null rather than an error; only a
 * process that is gone (or whose pid now belongs to a newer process) fails, as ProcessGoneError.
 */
import { readFile, readlink } from 'node:fs/promises';
import type { ProcessInfo } from '../../../shared/model';
import { failureOf } from './proc-fd';
import type { ProcStat } from './proc-stat';
import { parseProcStat } from './proc-stat';
import { userNameOf } from './passwd';
import { clockTicksPerSecond, pageSize } from './sysconf';

/** The process asked about does not exist (any more), or its pid now names another process. */
export class ProcessGoneError extends Error {
  constructor(
    readonly pid: number,
    detail = 'no such process',
  ) {
    super(`process ${pid} is gone (${detail})`);
    this.name = 'ProcessGoneError';
  }
}

/** Where to read; defaults are the real machine. */
export interface ProcessInfoOptions {
  procRoot?: string;
  passwdPath?: string;
  /** When given, a process with another start time is treated as gone (pid reuse). */
  startTime?: number;
}

/**
 * One optional read: null when denied, or absent (a kernel thread has no exe). Whether the
 * process itself went away is decided by re-reading its stat afterwards.
 */
async function optional<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch {
    return null;
  }
}

async function readStatOf(root: string, pid: number): Promise<ProcStat> {
  let text: string;
  try {
    text = await readFile(`${root}/${pid}/stat`, 'latin1');
  } catch (error) {
    throw failureOf(error) === 'gone' ? new ProcessGoneError(pid) : error;
  }
  const stat = parseProcStat(text);
  if (stat === null) throw new Error(`unreadable ${root}/${pid}/stat`);
  return stat;
}

/** The real uid: the first number of the `Uid:` line of /proc/<pid>/status. */
export function parseStatusUid(text: string): number | null {
  const m = /^Uid:\s+(\d+)/m.exec(text);
  return m ? Number(m[1]) : null;
}

/** Command line arguments: NUL-separated, with the trailing NUL dropped. */
export function parseCmdline(text: string): string[] {
  if (text === '') return [];
  const parts = text.split('\0');
  if (parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** Boot time in epoch seconds from the `btime` line of /proc/stat. */
export function parseBootTime(text: string): number | null {
  const m = /^btime\s+(\d+)/m.exec(text);
  return m ? Number(m[1]) : null;
}

async function machineClock(root: string): Promise<{ bootTime: number | null; uptime: number | null }> {
  const [stat, uptime] = await Promise.all([
    readFile(`${root}/stat`, 'latin1').catch(() => ''),
    readFile(`${root}/uptime`, 'latin1').catch(() => ''),
  ]);
  const seconds = Number(uptime.split(' ')[0]);
  return { bootTime: parseBootTime(stat), uptime: uptime !== '' && Number.isFinite(seconds) ? seconds : null };
}

/**
 * Average CPU use over the process's whole life, in percent of one core:
 * (utime + stime) / CLK_TCK divided by the seconds since it started. It is a lifetime average
 * (what `ps -o %cpu` shows), not an instant rate, because one read cannot give a rate.
 */
export function lifetimeCpuPercent(stat: ProcStat, uptime: number | null, clkTck: number): number | null {
  if (uptime === null) return null;
  const elapsed = uptime - stat.startTime / clkTck;
  if (elapsed <= 0) return null;
  return Math.round(((stat.utime + stat.stime) / clkTck / elapsed) * 1000) / 10;
}

/** Details of process `pid` (see ProcessInfo); throws ProcessGoneError when it is gone. */
export async function readProcessInfo(pid: number, options: ProcessInfoOptions = {}): Promise<ProcessInfo> {
  const root = options.procRoot ?? '/proc';
  const stat = await readStatOf(root, pid);
  if (options.startTime !== undefined && stat.startTime !== options.startTime) {
    throw new ProcessGoneError(pid, 'pid now belongs to a newer process');
  }
  const [exe, cmdline, status, statm, clock] = await Promise.all([
    optional(() => readlink(`${root}/${pid}/exe`)),
    optional(() => readFile(`${root}/${pid}/cmdline`, 'utf8')),
    optional(() => readFile(`${root}/${pid}/status`, 'latin1')),
    optional(() => readFile(`${root}/${pid}/statm`, 'latin1')),
    machineClock(root),
  ]);
  // The pid could have been reused while reading: the details must all be of one process.
  if ((await readStatOf(root, pid)).startTime !== stat.startTime) {
    throw new ProcessGoneError(pid, 'pid now belongs to a newer process');
  }
  const clkTck = clockTicksPerSecond();
  const uid = status === null ? null : parseStatusUid(status);
  const resident = Number(statm?.split(' ')[1]);
  return {
    pid,
    startTime: stat.startTime,
    name: stat.comm,
    exe,
    cmdline: cmdline === null ? [] : parseCmdline(cmdline),
    user: uid === null ? null : userNameOf(uid, options.passwdPath),
    uid,
    ppid: stat.ppid,
    startedAt: clock.bootTime === null ? null : Math.round(clock.bootTime * 1000 + (stat.startTime / clkTck) * 1000),
    cpuPercent: lifetimeCpuPercent(stat, clock.uptime, clkTck),
    rssBytes: Number.isSafeInteger(resident) && resident >= 0 ? resident * pageSize() : null,
  };
}
