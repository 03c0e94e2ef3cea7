/**
 * Turns the contract's `methods` into IPC handlers: one per method, on the channel the contract
 * names, each checking the sender frame and parsing the payload with the method's zod schema
 * before the port service sees it. Nothing here imports 'electron': the IPC object is passed in,
 * so tests drive the real handlers with plain objects.
 */
import { METHOD_NAMES, channelOf, methods } from '../../../shared/contract';
import type { MethodName, PortApi, RequestOf, ResponseOf } from '../../../shared/contract';
import { checkSender } from './sender-trust';
import type { SenderLike } from './sender-trust';

/** What a refused call rejects with; the renderer sees its message. */
export class IpcRefusedError extends Error {
  constructor(method: string, reason: string) {
    super(`Ephemera refused '${method}': ${reason}`);
    this.name = 'IpcRefusedError';
  }
}

/** How handlers decide trust and report refusals. */
export interface HandlerGuard<E extends SenderLike = SenderLike> {
  isAppUrl(url: string): boolean;
  /** Called on each refusal with a dedupe key; logs the first of each kind (see createRefusalLog). */
  refuse(key: string, message: string): void;
  /** Called after a call passed every check, before the service runs it (e.g. to remember subscribers). */
  onTrusted?(event: E, method: MethodName): void;
}

/** One handler as ipcMain.handle runs it. */
export type MethodHandler<M extends MethodName, E extends SenderLike> = (event: E, payload?: unknown) => Promise<ResponseOf<M>>;

/** Builds the checked handler of one method. */
export function createMethodHandler<M extends MethodName, E extends SenderLike>(
  method: M,
  api: PortApi,
  guard: HandlerGuard<E>,
): MethodHandler<M, E> {
  const schema = methods[method].request;
  const run = api[method] as unknown as (request: RequestOf<M>) => Promise<ResponseOf<M>>;
  return async (event, payload) => {
    const trust = checkSender(event, guard.isAppUrl);
    if (!trust.ok) {
      guard.refuse(`${method}|sender|${trust.reason}`, `IPC: refused '${method}': ${trust.reason}`);
      throw new IpcRefusedError(method, trust.reason);
    }
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? issue.path.join('.') : 'request';
      const reason = `invalid request (${where}: ${issue?.message ?? 'invalid'})`;
      guard.refuse(`${method}|payload|${where}|${issue?.code ?? ''}`, `IPC: refused '${method}': ${reason}`);
      throw new IpcRefusedError(method, reason);
    }
    guard.onTrusted?.(event, method);
    return run(parsed.data as RequestOf<M>);
  };
}

/** The part of ipcMain this needs; Electron's IpcMain satisfies it, and so does a Map in tests. */
export interface HandleRegistry<E extends SenderLike> {
  handle(channel: string, listener: (event: E, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** Registers every contract method on its channel; returns a function that removes them all. */
export function registerMethodsOn<E extends SenderLike>(ipc: HandleRegistry<E>, api: PortApi, guard: HandlerGuard<E>): () => void {
  const channels = METHOD_NAMES.map((method) => {
    const channel = channelOf(method, 'method');
    const handler = createMethodHandler(method, api, guard);
    ipc.handle(channel, (event, payload) => handler(event, payload));
    return channel;
  });
  return () => {
    for (const channel of channels) ipc.removeHandler(channel);
  };
}
