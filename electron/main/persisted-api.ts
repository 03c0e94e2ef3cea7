/**
 * The port API as IPC exposes it, with two additions: an interval the user sets in the UI, and
 * the ports they watch, are also saved in settings, so the next start samples at the same pace
 * and watches the same ports. A failed save is logged and never fails the call (the service
 * already applied it).
 */
import { METHOD_NAMES } from '../../shared/contract';
import type { PortApi } from '../../shared/contract';

/** A copy of `api` whose methods call through, for a wrapper to replace one of them. */
function passThrough(api: PortApi): PortApi {
  return Object.fromEntries(METHOD_NAMES.map((method) => [method, (request: never) => api[method](request)])) as unknown as PortApi;
}

/** Wraps `api` so successful setInterval calls are passed to `save`. */
export function persistIntervalChanges(api: PortApi, save: (intervalMs: number) => Promise<unknown>, log: (message: string) => void): PortApi {
  const wrapped = passThrough(api);
  wrapped.setInterval = async (request) => {
    const status = await api.setInterval(request);
    await save(status.intervalMs).catch((err: unknown) => log(`Settings: interval not saved (${err instanceof Error ? err.message : String(err)})`));
    return status;
  };
  return wrapped;
}

/** Wraps `api` so successful setWatchedPorts calls are passed to `save`. */
export function persistWatchedPorts(api: PortApi, save: (ports: number[]) => Promise<unknown>, log: (message: string) => void): PortApi {
  const wrapped = passThrough(api);
  wrapped.setWatchedPorts = async (request) => {
    const result = await api.setWatchedPorts(request);
    await save(result.ports).catch((err: unknown) => log(`Settings: watched ports not saved (${err instanceof Error ? err.message : String(err)})`));
    return result;
  };
  return wrapped;
}

/** Wraps `api` so the "Resolve names" setting the user picks is passed to `save` (issue 13). */
export function persistResolveNames(api: PortApi, save: (on: boolean) => Promise<unknown>, log: (message: string) => void): PortApi {
  const wrapped = passThrough(api);
  wrapped.setResolveNames = async (request) => {
    const result = await api.setResolveNames(request);
    await save(result.on).catch((err: unknown) => log(`Settings: "Resolve names" not saved (${err instanceof Error ? err.message : String(err)})`));
    return result;
  };
  return wrapped;
}
