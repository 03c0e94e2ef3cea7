/**
 * The connect tracepoint's program and its output. bpftrace follows sock:inet_sock_set_state:
 * at a TCP socket's move to SYN_SENT it runs in the connecting process's own context (connect()),
 * so it keeps pid, command and the process's start time by socket address (skaddr); at that
 * socket's next move (to ESTABLISHED, or to CLOSE for a refused connect) the local port is bound
 * and it prints one line with the whole tuple. IPv4's connect sets SYN_SENT before it picks the
 * local port, which is why the tuple is taken at the second move. The line also carries the
 * kernel's monotonic clock at that move (`nsecs`): the line itself reaches the reader milliseconds
 * later, often after the same socket's `ss -E` destroy line, so its arrival cannot date the
 * connect. Pure parsing, tested on a recording of real bpftrace output.
 */
import type { Owner } from '../../../shared/model';

/** The bpftrace program; one `C pid start_ns mono_ns saddr sport daddr dport newstate comm` line per outbound connect. */
export const CONNECT_SCRIPT = String.raw`
tracepoint:sock:inet_sock_set_state /args->protocol == 6 && args->newstate == 2/
{
  @p[args->skaddr] = pid;
  @c[args->skaddr] = comm;
  @s[args->skaddr] = curtask->group_leader->start_boottime;
}
tracepoint:sock:inet_sock_set_state /args->protocol == 6 && args->oldstate == 2/
{
  $p = @p[args->skaddr];
  if ($p != 0) {
    if (args->family == 2) {
      printf("C %d %llu %llu %s %d %s %d %d %s\n", $p, @s[args->skaddr], nsecs, ntop(2, args->saddr), args->sport, ntop(2, args->daddr), args->dport, args->newstate, @c[args->skaddr]);
    } else {
      printf("C %d %llu %llu %s %d %s %d %d %s\n", $p, @s[args->skaddr], nsecs, ntop(10, args->saddr_v6), args->sport, ntop(10, args->daddr_v6), args->dport, args->newstate, @c[args->skaddr]);
    }
  }
  delete(@p[args->skaddr]);
  delete(@c[args->skaddr]);
  delete(@s[args->skaddr]);
}
`;

/** One traced outbound TCP connect, its owner known exactly. */
export interface TracedConnect {
  owner: Owner;
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
  /** The state it moved to from SYN_SENT: ESTABLISHED, or CLOSE (refused, timed out). */
  outcome: 'established' | 'closed';
  /**
   * Epoch ms of the connect: the kernel's time of the move out of SYN_SENT where the reader knows
   * its monotonic clock's offset, else when the line arrived (never later than that).
   */
  time: number;
}

/** What a line of bpftrace output is. */
export type ConnectLine =
  | { kind: 'connect'; connect: TracedConnect }
  | { kind: 'refused'; reason: string }
  | { kind: 'other' };

const LINE = /^C (\d+) (\d+) (\d+) (\S+) (\d+) (\S+) (\d+) (\d+) (.*)$/;
const ADDRESS = /^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-f:.]*:[0-9a-f:.]*)$/i;

/**
 * Parses one line. `clkTck` turns the start time (ns since boot, as the kernel keeps it) into the
 * clock ticks of /proc/<pid>/stat, so the owner has the same pid + start time identity as an fd
 * scan's. `arrived` is when the line was read (epoch ms); `monoOffsetMs` is epoch ms minus the
 * monotonic clock's ms (the one bpftrace's `nsecs` reads), which dates the connect itself.
 * bpftrace's own lines ("Attaching 2 probes...") are 'other'; a damaged C line is refused.
 */
export function parseConnectLine(line: string, arrived: number, clkTck: number, monoOffsetMs?: number): ConnectLine {
  if (!line.startsWith('C ')) return { kind: 'other' };
  const m = LINE.exec(line);
  if (m === null) return { kind: 'refused', reason: `not a connect line: '${line.slice(0, 80)}'` };
  const [, pidText, startText, monoText, saddr, sportText, daddr, dportText, stateText, comm] = m;
  const pid = Number(pidText);
  const localPort = Number(sportText);
  const remotePort = Number(dportText);
  const state = Number(stateText);
  if (!ADDRESS.test(saddr ?? '') || !ADDRESS.test(daddr ?? '')) return { kind: 'refused', reason: `bad address in '${line.slice(0, 80)}'` };
  if (pid <= 0 || localPort > 65535 || remotePort > 65535 || (state !== 1 && state !== 7)) {
    return { kind: 'refused', reason: `field out of range in '${line.slice(0, 80)}'` };
  }
  // ns / (1e9 / clkTck), floored as the kernel's nsec_to_clock_t does; BigInt keeps it exact.
  const startTime = Number(BigInt(startText ?? '0') / BigInt(Math.round(1e9 / clkTck)));
  const kernelMs = monoOffsetMs === undefined ? arrived : Math.floor(Number(BigInt(monoText ?? '0') / 1000n) / 1000 + monoOffsetMs);
  // A line cannot arrive before its connect: a later kernel time means a wrong offset, not a later connect.
  const time = Math.min(arrived, kernelMs);
  return {
    kind: 'connect',
    connect: {
      owner: { pid, startTime, name: comm ?? '', basis: 'exact' },
      localAddress: saddr ?? '',
      localPort,
      remoteAddress: daddr ?? '',
      remotePort,
      outcome: state === 1 ? 'established' : 'closed',
      time,
    },
  };
}
