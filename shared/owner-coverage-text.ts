/**
 * The words for owner coverage, one phrase per reason, fitted to the OS and to whether the
 * service runs as root: "others belong to other users" is wrong as root and on Windows, and a
 * TIME_WAIT remnant has no owner on any OS. The status line, the glance and `ephemera ls` all
 * say it with these functions.
 */
import { formatCount } from './format';
import type { OwnerCoverage } from './owner-coverage';

function unreadableText(c: OwnerCoverage, n: string): string {
  const what = `${n} in processes whose fds ${c.asRoot === true ? 'even root could not read' : 'could not be read'}`;
  const named = (c.unreadableProcesses ?? []).map((p) => (p.name === '' ? `pid ${p.pid}` : `${p.name} (pid ${p.pid})`));
  return named.length === 0 ? what : `${what}: ${named.join(', ')}`;
}

function notFoundText(c: OwnerCoverage, n: string): string {
  if (c.platform === 'win32') return `${n} owned by the system (netstat names no process)`;
  if (c.platform === 'darwin') return `${n} with no process in netstat's table`;
  if (c.platform === 'linux') return `${n} found in no process (kernel sockets, another pid namespace)`;
  return `${n} with no process named by the OS`;
}

function otherUsersText(c: OwnerCoverage, n: string): string {
  const how = c.platform === 'darwin' ? 'visible with sudo' : c.platform === 'win32' ? 'visible as Administrator' : 'visible as root';
  return `${n} of other users' processes (${how})`;
}

/** One phrase per reason that has rows, in the order a user can do least to most about them. */
export function coverageReasons(c: OwnerCoverage): string[] {
  const phrase = (value: number | undefined, words: (n: string) => string): string[] =>
    value !== undefined && value > 0 ? [words(formatCount(value))] : [];
  return [
    ...phrase(c.timeWait, (n) => `${n} in TIME_WAIT (closed; no process holds them)`),
    ...phrase(c.orphaned, (n) => `${n} orphaned (closed by their process, still closing)`),
    ...phrase(c.acceptQueue, (n) => `${n} waiting in an accept queue`),
    ...phrase(c.otherUsers, (n) => otherUsersText(c, n)),
    ...phrase(c.unreadable, (n) => unreadableText(c, n)),
    ...phrase(c.notFound, (n) => notFoundText(c, n)),
  ];
}

/** "8 of 31 sockets attributed; 22 in TIME_WAIT (...); 1 in processes whose fds even root could not read: ..." */
export function ownerCoverageText(c: OwnerCoverage): string {
  if (c.total === 0) return 'no sockets yet';
  if (c.attributed >= c.total) return `all ${formatCount(c.total)} sockets attributed`;
  const head = `${formatCount(c.attributed)} of ${formatCount(c.total)} sockets attributed`;
  const reasons = coverageReasons(c);
  return reasons.length === 0 ? `${head}; owner unknown for the rest` : `${head}; ${reasons.join('; ')}`;
}
