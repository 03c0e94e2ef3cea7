/**
 * previewAction without the nonce: what an action would hit. For processes, their command line,
 * user, the refusal or note the guards give, their sockets and the ports that become free; for a
 * connection, the row and who holds it; for a port, every process holding it and how many of its
 * sockets have no known owner. Reads the table and the processes, changes nothing.
 */
import type {
  ActionPreview,
  PortRef,
  PreviewProcess,
  PreviewRequest,
  ProcessTarget,
} from '../../../shared/action-model';
import type { Owner, ProcessInfo, Socket } from '../../../shared/model';
import { heldBy, ownersOf } from '../../../shared/owners';
import { connectionLabel, connectionRefusal } from './close-connection';
import { processLabel } from './end-process';
import type { ProcessFacts } from './process-facts';
import type { GuardContext } from './process-guard';
import { refusalOf, rightsNote } from './process-guard';

/** What a preview reads. */
export interface PreviewDeps {
  sockets: readonly Socket[];
  guard: GuardContext;
  facts(pid: number): Promise<ProcessFacts | null>;
  /** Command line and user; null when unreadable or gone. */
  info(pid: number, startTime: number): Promise<ProcessInfo | null>;
}

/** A preview before its nonce is attached. */
export type PreviewBody = Omit<ActionPreview, 'nonce' | 'expiresAt'>;

const SOCKETS_SHOWN = 50;
const BOUND_STATES = new Set(['LISTEN', 'UNCONN']);

async function describe(target: ProcessTarget, deps: PreviewDeps): Promise<PreviewProcess> {
  const facts = target.pid > 1 ? await deps.facts(target.pid) : null;
  const info = facts === null ? null : await deps.info(target.pid, target.startTime);
  const sockets = deps.sockets.filter((s) => heldBy(s, target.pid, target.startTime));
  const refusal =
    refusalOf(target, facts, deps.guard) ??
    (facts === null ? `pid ${target.pid} is not running (it has exited)` : null);
  return {
    pid: target.pid,
    startTime: target.startTime,
    name: info?.name ?? facts?.name ?? sockets[0]?.owner?.name ?? '',
    cmdline: info?.cmdline ?? [],
    user: info?.user ?? null,
    uid: info?.uid ?? facts?.uid ?? null,
    refusal,
    note: rightsNote(facts, deps.guard),
    sockets: sockets.slice(0, SOCKETS_SHOWN),
    socketCount: sockets.length,
  };
}

/** Bound or listening ports of these processes that no other socket would still hold. */
export function portsFreedBy(targets: readonly ProcessTarget[], sockets: readonly Socket[]): PortRef[] {
  const mine = (s: Socket) => targets.some((t) => heldBy(s, t.pid, t.startTime));
  const key = (s: Socket) => `${s.proto}/${s.localPort}`;
  const candidates = new Map<string, PortRef>();
  for (const s of sockets)
    if (BOUND_STATES.has(s.state) && mine(s)) candidates.set(key(s), { proto: s.proto, port: s.localPort });
  for (const s of sockets) {
    if (!BOUND_STATES.has(s.state) || mine(s)) continue;
    candidates.delete(key(s));
  }
  return [...candidates.values()].sort((a, b) => a.port - b.port || a.proto.localeCompare(b.proto));
}

function distinctOwners(sockets: readonly Socket[]): ProcessTarget[] {
  const seen = new Map<string, ProcessTarget>();
  for (const s of sockets)
    for (const o of ownersOf(s)) seen.set(`${o.pid}:${o.startTime}`, { pid: o.pid, startTime: o.startTime });
  return [...seen.values()];
}

function processesSummary(list: readonly PreviewProcess[], freed: readonly PortRef[]): string {
  const ok = list.filter((p) => p.refusal === null);
  const refused = list.length - ok.length;
  const names = ok.map((p) => processLabel(p.name, p.pid)).join(', ');
  const ports = freed.length === 0 ? '' : `; frees ${freed.map((p) => `${p.port}/${p.proto}`).join(', ')}`;
  const tail = refused === 0 ? '' : ` (${refused} refused)`;
  return ok.length === 0 ? `Nothing can be ended${tail}.` : `Ends ${names}${ports}${tail}.`;
}

async function endPreview(
  targets: readonly ProcessTarget[],
  deps: PreviewDeps,
  kind: 'end-process' | 'free-port',
  unknown: number,
): Promise<PreviewBody> {
  const processes = await Promise.all(targets.map((t) => describe(t, deps)));
  const freed = portsFreedBy(
    targets.filter((_, i) => processes[i]?.refusal === null),
    deps.sockets,
  );
  const unknownText =
    unknown === 0
      ? ''
      : ` ${unknown} socket${unknown === 1 ? '' : 's'} on the port ${unknown === 1 ? 'has' : 'have'} no known owner (another user's, or TIME_WAIT).`;
  return {
    kind,
    processes,
    connection: null,
    portsFreed: freed,
    unknownHolders: unknown,
    summary: processesSummary(processes, freed) + unknownText,
    actionable: processes.some((p) => p.refusal === null),
  };
}

async function connectionPreview(id: string, deps: PreviewDeps): Promise<PreviewBody> {
  const socket = deps.sockets.find((s) => s.id === id) ?? null;
  const base = { kind: 'close-connection' as const, portsFreed: [], unknownHolders: 0 };
  if (socket === null)
    return {
      ...base,
      processes: [],
      connection: null,
      summary: 'That connection is no longer in the table.',
      actionable: false,
    };
  const holders: readonly Owner[] = ownersOf(socket);
  // Closing a connection leaves its processes running: their end-process refusals do not apply.
  const described = await Promise.all(holders.map((o) => describe({ pid: o.pid, startTime: o.startTime }, deps)));
  const processes = described.map((p) => ({ ...p, refusal: null }));
  const refusal = connectionRefusal(socket, deps.guard.selfPid);
  const who = holders.length === 0 ? 'owner unknown' : holders.map((o) => processLabel(o.name, o.pid)).join(', ');
  const summary =
    refusal ??
    `Resets ${connectionLabel(socket)} (${socket.state}, held by ${who}); both ends see the connection abort, the processes keep running.`;
  return { ...base, processes, connection: socket, summary, actionable: refusal === null };
}

/** The preview of a request (no nonce yet). */
export async function buildPreview(req: PreviewRequest, deps: PreviewDeps): Promise<PreviewBody> {
  if (req.kind === 'close-connection') return connectionPreview(req.id, deps);
  if (req.kind === 'end-process') return endPreview(req.processes, deps, 'end-process', 0);
  const holders = deps.sockets.filter((s) => s.localPort === req.port && (req.proto === null || s.proto === req.proto));
  const unknown = holders.filter((s) => ownersOf(s).length === 0).length;
  const body = await endPreview(distinctOwners(holders), deps, 'free-port', unknown);
  if (holders.length === 0)
    return { ...body, summary: `Nothing holds port ${req.port}${req.proto === null ? '' : `/${req.proto}`}.` };
  return body;
}
