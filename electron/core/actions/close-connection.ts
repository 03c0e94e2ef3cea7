/**
 * closeConnection: resets one TCP connection at the kernel. Linux only, through `ss -K` with the
 * exact 4-tuple; it needs root (CAP_NET_ADMIN) and the kernel's sock-destroy support
 * (CONFIG_INET_DIAG_DESTROY), and when it fails the result says which of the two is missing.
 * Windows would need SetTcpEntry from a native module and macOS has no such call: both answer
 * "not supported on this OS" in words. Effects are passed in; see real-effects.ts.
 */
import type { ActionResult } from '../../../shared/action-model';
import { formatEndpoint } from '../../../shared/format';
import type { Socket } from '../../../shared/model';
import { ownersOf } from '../../../shared/owners';
import type { RunOutput } from './end-process';

/** What closeConnection needs from the machine. */
export interface CloserEffects {
  platform: NodeJS.Platform | string;
  run(command: string, args: readonly string[]): Promise<RunOutput>;
  /** True with root or CAP_NET_ADMIN. */
  privileged(): Promise<boolean>;
  /** Whether the running kernel was built with CONFIG_INET_DIAG_DESTROY, as far as can be read. */
  kernelSupport(): Promise<'yes' | 'no' | 'unknown'>;
}

type Result = Omit<ActionResult, 'time'>;

/** "tcp 127.0.0.1:5000 → 127.0.0.1:80". */
export function connectionLabel(s: Socket): string {
  return `${s.proto} ${formatEndpoint(s.localAddress, s.localPort)} → ${formatEndpoint(s.remoteAddress, s.remotePort)}`;
}

/** States that have a peer to reset; LISTEN has none and TIME_WAIT is already closed. */
const CLOSABLE = new Set([
  'ESTABLISHED',
  'SYN_SENT',
  'SYN_RECV',
  'FIN_WAIT1',
  'FIN_WAIT2',
  'CLOSE_WAIT',
  'LAST_ACK',
  'CLOSING',
]);

/** Why this row cannot be closed as a connection, or null; Ephemera's own connections are refused. */
export function connectionRefusal(s: Socket, selfPid?: number): string | null {
  if (selfPid !== undefined && ownersOf(s).some((o) => o.pid === selfPid))
    return "this is one of Ephemera's own connections: refused";
  if (s.proto !== 'tcp')
    return 'only TCP connections can be closed; a UDP socket has no connection to reset (end its process instead)';
  if (s.state === 'LISTEN') return 'a listener has no connection to reset (end its process to free the port)';
  if (!CLOSABLE.has(s.state)) return `a ${s.state} socket has no live connection to reset`;
  return null;
}

/** ss's filter for exactly this 4-tuple (IPv6 addresses bracketed). */
export function ssTupleFilter(s: Socket): string[] {
  return ['src', formatEndpoint(s.localAddress, s.localPort), 'dst', formatEndpoint(s.remoteAddress, s.remotePort)];
}

/** Rows ss printed under its header. */
function ssRows(stdout: string): string[] {
  return stdout
    .split('\n')
    .slice(1)
    .filter((line) => line.trim() !== '');
}

const NOT_SUPPORTED: Record<string, string> = {
  win32:
    'closing one connection is not supported on this OS: Windows needs SetTcpEntry, which Ephemera cannot call without a native module; end the owning process instead',
  darwin:
    "closing one connection is not supported on this OS: macOS offers no call to reset another process's connection; end the owning process instead",
};

const ROOT_TEXT = 'permission denied: closing a connection needs root (CAP_NET_ADMIN); run Ephemera as root';
const KERNEL_TEXT =
  'the kernel cannot destroy sockets: it was built without sock-destroy support (CONFIG_INET_DIAG_DESTROY)';

/** Resets one connection; never throws. */
export async function closeConnection(s: Socket, effects: CloserEffects, selfPid?: number): Promise<Result> {
  const label = connectionLabel(s);
  const result = (outcome: ActionResult['outcome'], message: string): Result => ({
    action: 'close-connection',
    outcome,
    message,
    target: label,
  });
  const refusal = connectionRefusal(s, selfPid);
  if (refusal !== null) return result('refused', refusal);
  if (effects.platform !== 'linux') {
    return result(
      'not-supported',
      NOT_SUPPORTED[effects.platform] ??
        `closing one connection is not supported on this OS (${effects.platform}); end the owning process instead`,
    );
  }
  const [privileged, kernel] = await Promise.all([effects.privileged(), effects.kernelSupport()]);
  if (!privileged)
    return result('permission-denied', kernel === 'no' ? `${ROOT_TEXT}; also, ${KERNEL_TEXT}` : ROOT_TEXT);
  if (kernel === 'no') return result('not-supported', KERNEL_TEXT);
  const killed = await effects.run('ss', ['-K', '-t', '-n', 'state', 'all', ...ssTupleFilter(s)]);
  if (killed.error !== undefined) return result('failed', `ss (iproute2) could not run: ${killed.error}`);
  if (/Operation not permitted/i.test(killed.stderr)) return result('permission-denied', ROOT_TEXT);
  if (ssRows(killed.stdout).length > 0)
    return result('closed', `${label} was reset; both ends saw the connection abort`);
  const still = await effects.run('ss', ['-t', '-n', 'state', 'all', ...ssTupleFilter(s)]);
  if (ssRows(still.stdout).length === 0) return result('no-such-connection', `${label} no longer exists`);
  const why = kernel === 'yes' ? 'the kernel would not destroy it' : KERNEL_TEXT;
  return result('still-open', `${label} is still open: ${why}`);
}
