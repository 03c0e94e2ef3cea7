/**
 * The rules that keep an action off the wrong process, checked by the service before any
 * signal (the UI shows the same words, but never decides alone): the pid must still be the
 * process the user saw (same start time), and pid 0, pid 1, kernel threads, Ephemera itself and
 * its parent are never ended.
 */
import type { ProcessTarget } from '../../../shared/action-model';
import type { ProcessFacts } from './process-facts';

/** Who "Ephemera itself" is, and who runs it. */
export interface GuardContext {
  selfPid: number;
  parentPid: number;
  /** Effective uid of Ephemera; null where the OS has none (Windows). */
  euid: number | null;
}

/** The guard context of this process. */
export function ownGuardContext(): GuardContext {
  return { selfPid: process.pid, parentPid: process.ppid, euid: process.geteuid?.() ?? null };
}

/** Refusals that need no look at the process: pid 0, pid 1, Ephemera and its parent. */
export function fixedRefusal(pid: number, ctx: GuardContext): string | null {
  if (pid === 0)
    return "pid 0 is the kernel itself (and signals to pid 0 would hit Ephemera's own process group): refused";
  if (pid === 1) return 'pid 1 is init, which the whole system depends on: refused';
  if (pid === ctx.selfPid) return `pid ${pid} is Ephemera itself: refused (quit it instead)`;
  if (pid === ctx.parentPid) return `pid ${pid} is Ephemera's parent process: refused`;
  return null;
}

/** True when the OS told a start time for both, and they differ: the pid was reused. */
export function pidReused(target: ProcessTarget, facts: ProcessFacts): boolean {
  return target.startTime !== 0 && facts.startTime !== 0 && target.startTime !== facts.startTime;
}

/**
 * Why this process may not be ended, or null. `facts` null means the process is gone, which is
 * no refusal (the action reports "no such process").
 */
export function refusalOf(target: ProcessTarget, facts: ProcessFacts | null, ctx: GuardContext): string | null {
  const fixed = fixedRefusal(target.pid, ctx);
  if (fixed !== null) return fixed;
  if (facts === null) return null;
  if (pidReused(target, facts)) {
    return `pid ${target.pid} now belongs to another process (${facts.name}, start time ${facts.startTime}, not ${target.startTime}): the pid was reused, so nothing was sent`;
  }
  if (facts.kernelThread) return `pid ${target.pid} (${facts.name}) is a kernel thread, which cannot be ended: refused`;
  return null;
}

/** The permission message the issue asks for, for another user's process without the rights. */
export const PERMISSION_TEXT = 'permission denied: run Ephemera as administrator/root to end processes of other users';

/** A note (not a refusal) for a process of another user when Ephemera is not root. */
export function rightsNote(facts: ProcessFacts | null, ctx: GuardContext): string | null {
  if (facts === null || facts.uid === null || ctx.euid === null || ctx.euid === 0 || facts.uid === ctx.euid)
    return null;
  return `belongs to uid ${facts.uid}, not to this user: ending it will likely be refused (${PERMISSION_TEXT})`;
}
