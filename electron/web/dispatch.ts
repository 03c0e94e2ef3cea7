/**
 * Turns the contract's `methods` table into the web host's handler table: every request is
 * parsed with its method's schema before the service sees it, an unknown name is an answer
 * rather than a crash, and a thrown service error becomes a readable message.
 */
import { z } from 'zod';
import { METHOD_NAMES, methods } from '../../shared/contract';
import type { EventSubscriber, MethodName, PortApi, RequestOf } from '../../shared/contract';

/** What the web host needs from the port service (H4's PortService is a superset). */
export type HostService = PortApi & { on: EventSubscriber };

/** The answer to one call, before it is wrapped in the wire envelope. */
export type CallOutcome = { ok: true; response: unknown } | { ok: false; error: string };

/** Calls one method by name with an unchecked request. */
export type Dispatch = (method: string, request: unknown) => Promise<CallOutcome>;

/** True for a name the contract defines (own keys only: `toString` is not a method). */
export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(methods, name);
}

/** An error's message in words, whatever was thrown. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function handlerFor<M extends MethodName>(api: PortApi, method: M): (request: unknown) => Promise<CallOutcome> {
  const schema: z.ZodType = methods[method].request;
  return async (request) => {
    const parsed = schema.safeParse(request);
    if (!parsed.success) {
      return { ok: false, error: `invalid request for ${method}: ${z.prettifyError(parsed.error)}` };
    }
    try {
      const fn = api[method] as (request: RequestOf<M>) => Promise<unknown>;
      return { ok: true, response: await fn.call(api, parsed.data as RequestOf<M>) };
    } catch (err) {
      return { ok: false, error: `${method} failed: ${messageOf(err)}` };
    }
  };
}

/** Builds the handler table from the contract, so no method name is written by hand. */
export function createDispatch(api: PortApi): Dispatch {
  const table = new Map(METHOD_NAMES.map((name) => [name, handlerFor(api, name)] as const));
  return async (method, request) => {
    const handler = isMethodName(method) ? table.get(method) : undefined;
    if (!handler) return { ok: false, error: `unknown method ${JSON.stringify(method)}` };
    return handler(request);
  };
}
