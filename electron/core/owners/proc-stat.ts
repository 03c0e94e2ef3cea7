/**
 * Parser for /proc/<pid>/stat. The command name sits in parentheses and may itself contain
 * spaces and ')', so the fields are counted from the last ')' (as proc(5) advises), never by a
 * plain split of the whole line.
 */

/** The fields of /proc/<pid>/stat that Ephemera uses; times are in clock ticks. */
export interface ProcStat {
  pid: number;
  comm: string;
  state: string;
  ppid: number;
  /** User and system CPU time of the process itself (field 14, 15). */
  utime: number;
  stime: number;
  /** Start time after boot (field 22): with the pid, the identity of a process. */
  startTime: number;
}

function count(text: string | undefined): number | null {
  if (text === undefined || !/^\d{1,17}$/.test(text)) return null;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : null;
}

/** Parses one stat line; null when it is not a whole, well-formed line. */
export function parseProcStat(text: string): ProcStat | null {
  const open = text.indexOf(' (');
  const close = text.lastIndexOf(')');
  if (open < 1 || close < open) return null;
  const pid = count(text.slice(0, open));
  // Fields from 3 (state) on; field n is rest[n - 3].
  const rest = text.slice(close + 2).trimEnd().split(' ');
  const ppid = count(rest[1]);
  const utime = count(rest[11]);
  const stime = count(rest[12]);
  const startTime = count(rest[19]);
  const state = rest[0] ?? '';
  if (pid === null || pid === 0 || ppid === null || utime === null || stime === null || startTime === null) return null;
  if (text[close + 1] !== ' ' || !/^[A-Za-z]$/.test(state)) return null;
  return { pid, comm: text.slice(open + 2, close), state, ppid, utime, stime, startTime };
}
