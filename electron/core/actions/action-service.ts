/**
 * The port service's actions: previewAction (issues the one-time nonce), endProcess,
 * closeConnection and checkPort, with the action log. A nonce, when given, must be fresh and
 * for this target; transports that must insist on one (web host, renderer IPC) wrap the API with
 * action-gate.ts. Effects are injectable; the defaults are the real machine.
 */
import type {
  ActionPreview,
  ActionResult,
  CloseConnectionRequest,
  EndProcessRequest,
  PortCheck,
  PortCheckRequest,
  PreviewRequest,
} from '../../../shared/action-model';
import type { ActionLogEntry } from '../../../shared/action-model';
import type { ProcessInfo, Socket } from '../../../shared/model';
import { getProcessDetails } from '../service/process-details';
import { createActionLog } from './action-log';
import { buildPreview } from './action-preview';
import type { CloserEffects } from './close-connection';
import { closeConnection, connectionLabel } from './close-connection';
import type { EnderEffects } from './end-process';
import { endProcess, processLabel } from './end-process';
import { createNonceBook, nonceRefusal, targetKey } from './nonce-book';
import type { BindProbeFn } from './port-check';
import { checkPort } from './port-check';
import { realBindProbe, realCloserEffects, realEnderEffects } from './real-effects';

/** What the actions are built from; every field but `sockets` has a real default. */
export interface ActionDeps {
  /** The current table (the service's mirror). */
  sockets(): readonly Socket[];
  platform?: NodeJS.Platform | string;
  ender?: Partial<EnderEffects>;
  closer?: Partial<CloserEffects>;
  probe?: BindProbeFn;
  info?: (pid: number, startTime: number) => Promise<ProcessInfo | null>;
  /** Called after every action (the service pushes a status carrying the log). */
  onLogged?: () => void;
  now?: () => number;
}

/** The actions as the service exposes them. */
export interface Actions {
  previewAction(req: PreviewRequest): Promise<ActionPreview>;
  endProcess(req: EndProcessRequest): Promise<ActionResult>;
  closeConnection(req: CloseConnectionRequest): Promise<ActionResult>;
  checkPort(req: PortCheckRequest): Promise<PortCheck>;
  log(): ActionLogEntry[];
}

/** Builds the actions over a table. */
export function createActions(deps: ActionDeps): Actions {
  const platform = deps.platform ?? process.platform;
  const now = deps.now ?? Date.now;
  const ender: EnderEffects = { ...realEnderEffects(platform), ...deps.ender };
  const closer: CloserEffects = { ...realCloserEffects(platform), ...deps.closer };
  const info =
    deps.info ??
    ((pid, startTime) => getProcessDetails(pid, startTime === 0 ? undefined : startTime, platform).catch(() => null));
  const nonces = createNonceBook({ now });
  const log = createActionLog();

  const record = (result: Omit<ActionResult, 'time'>): ActionResult => {
    const full = { ...result, time: now() };
    log.add(full);
    deps.onLogged?.();
    return full;
  };
  /** The refusal when a given nonce does not admit this target, else null. */
  const nonceCheck = (nonce: string | undefined, key: string): string | null => {
    if (nonce === undefined) return null;
    const verdict = nonces.consume(nonce, key);
    return verdict === 'ok' ? null : nonceRefusal(verdict);
  };

  return {
    async previewAction(req) {
      const body = await buildPreview(req, { sockets: deps.sockets(), guard: ender.guard, facts: ender.facts, info });
      const keys =
        body.kind === 'close-connection'
          ? body.actionable && body.connection !== null
            ? [targetKey.connection(body.connection.id)]
            : []
          : body.processes.filter((p) => p.refusal === null).map((p) => targetKey.process(p.pid, p.startTime));
      return { ...body, ...nonces.issue(keys) };
    },
    async endProcess(req) {
      const refusal = nonceCheck(req.nonce, targetKey.process(req.pid, req.startTime));
      if (refusal !== null)
        return record({
          action: 'end-process',
          outcome: 'refused',
          message: refusal,
          target: processLabel(null, req.pid),
        });
      return record(await endProcess(req, ender));
    },
    async closeConnection(req) {
      const socket = deps.sockets().find((s) => s.id === req.id);
      const target = socket === undefined ? req.id : connectionLabel(socket);
      const refusal = nonceCheck(req.nonce, targetKey.connection(req.id));
      if (refusal !== null) return record({ action: 'close-connection', outcome: 'refused', message: refusal, target });
      if (socket === undefined)
        return record({
          action: 'close-connection',
          outcome: 'no-such-connection',
          message: 'that connection is no longer in the table',
          target,
        });
      return record(await closeConnection(socket, closer, ender.guard.selfPid));
    },
    checkPort: (req) => checkPort(deps.sockets(), req, deps.probe ?? realBindProbe),
    log: () => log.list(),
  };
}
