/**
 * Process details on demand: /proc on Linux (through the owners module), systeminformation
 * elsewhere. A process that is gone, or whose pid now belongs to a newer process, is one clear
 * error: "process N has exited".
 */
import { processes } from 'systeminformation';
import type { Systeminformation } from 'systeminformation';
import { ProcessInfoSchema } from '../../../shared/model';
import type { ProcessInfo } from '../../../shared/model';
import { ProcessGoneError, readProcessInfo } from '../owners/proc-process-info';

/** The process asked about no longer exists (or its pid was reused). */
export class ProcessExitedError extends Error {
  constructor(
    readonly pid: number,
    detail?: string,
  ) {
    super(`process ${pid} has exited${detail === undefined ? '' : ` (${detail})`}`);
    this.name = 'ProcessExitedError';
  }
}

/** True for the errors that mean "no such process": the owners module's, or ENOENT/ESRCH from /proc. */
function isGone(error: unknown): boolean {
  if (error instanceof ProcessGoneError) return true;
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return code === 'ENOENT' || code === 'ESRCH';
}

/** Parses systeminformation's local "YYYY-MM-DD HH:MM:SS" start time, or null. */
function startedAtOf(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(text);
  if (m === null) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const ms = new Date(y, mo - 1, d, h, mi, s).getTime();
  return Number.isFinite(ms) ? ms : null;
}

/** The executable path: Windows gives the full path, Unix the folder plus the command. */
function exeOf(p: Systeminformation.ProcessesProcessData): string | null {
  if (p.path === '' || p.path === undefined) return null;
  if (p.name !== '' && p.path.toLowerCase().endsWith(p.name.toLowerCase())) return p.path;
  if (p.command !== '' && !/\s/.test(p.command)) return `${p.path}/${p.command}`;
  return null;
}

/** Maps one systeminformation process row; cmdline is split on spaces, as si gives only a flat string. */
export function processInfoFromSi(p: Systeminformation.ProcessesProcessData): ProcessInfo {
  const exe = exeOf(p);
  const params = (p.params ?? '').split(/\s+/).filter((x) => x !== '');
  return ProcessInfoSchema.parse({
    pid: p.pid,
    startTime: 0,
    name: p.name,
    exe,
    cmdline: [exe ?? p.command, ...params].filter((x) => x !== ''),
    user: p.user === '' ? null : (p.user ?? null),
    uid: null,
    ppid: Number.isInteger(p.parentPid) && p.parentPid >= 0 ? p.parentPid : null,
    startedAt: startedAtOf(p.started ?? ''),
    cpuPercent: Number.isFinite(p.cpu) && p.cpu >= 0 ? p.cpu : null,
    rssBytes: Number.isFinite(p.memRss) && p.memRss >= 0 ? Math.round(p.memRss * 1024) : null,
  });
}

async function fromSi(pid: number): Promise<ProcessInfo> {
  const all = await processes();
  const row = all.list.find((p) => p.pid === pid);
  if (row === undefined) throw new ProcessExitedError(pid);
  return processInfoFromSi(row);
}

async function fromProc(pid: number): Promise<ProcessInfo> {
  try {
    return await readProcessInfo(pid);
  } catch (error) {
    if (isGone(error)) throw new ProcessExitedError(pid);
    throw error;
  }
}

/**
 * Details of a process. With startTime (from a socket's owner), a pid that now belongs to a
 * different process is reported as exited, never shown as the old one.
 */
export async function getProcessDetails(
  pid: number,
  startTime?: number,
  platform: NodeJS.Platform | string = process.platform,
): Promise<ProcessInfo> {
  const info = platform === 'linux' ? await fromProc(pid) : await fromSi(pid);
  if (startTime !== undefined && startTime !== 0 && info.startTime !== 0 && info.startTime !== startTime) {
    throw new ProcessExitedError(pid, `pid ${pid} now belongs to a newer process`);
  }
  return info;
}
