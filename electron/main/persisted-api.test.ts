import { describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '../../shared/contract';
import type { PortApi } from '../../shared/contract';
import { persistIntervalChanges, persistResolveNames, persistWatchedPorts } from './persisted-api';
import { status } from './tray/tray-test-data';

function service() {
  const calls: string[] = [];
  const api = Object.fromEntries(
    METHOD_NAMES.map((m) => [
      m,
      async (request: { ms?: number }) => {
        calls.push(m);
        return m === 'setInterval' ? status(false, request.ms ?? 0) : { method: m };
      },
    ]),
  ) as unknown as PortApi;
  return { api, calls };
}

describe('persistIntervalChanges', () => {
  it('saves the interval the service applied and passes every other method through', async () => {
    const { api, calls } = service();
    const saved: number[] = [];
    const wrapped = persistIntervalChanges(api, async (ms) => void saved.push(ms), () => {});
    expect((await wrapped.setInterval({ ms: 2000 })).intervalMs).toBe(2000);
    expect(saved).toEqual([2000]);
    await wrapped.pause({});
    await wrapped.getProcess({ pid: 1 });
    expect(calls).toEqual(['setInterval', 'pause', 'getProcess']);
    expect(Object.keys(wrapped).sort()).toEqual([...METHOD_NAMES].sort());
  });

  it('logs a failed save without failing the call, and saves nothing when the service refuses', async () => {
    const { api } = service();
    const logs: string[] = [];
    const failing = persistIntervalChanges(api, async () => Promise.reject(new Error('disk full')), (m) => logs.push(m));
    await expect(failing.setInterval({ ms: 500 })).resolves.toMatchObject({ intervalMs: 500 });
    expect(logs).toEqual(['Settings: interval not saved (disk full)']);
    api.setInterval = async () => Promise.reject(new Error('bad interval'));
    const saved: number[] = [];
    await expect(persistIntervalChanges(api, async (ms) => void saved.push(ms), () => {}).setInterval({ ms: 500 })).rejects.toThrow('bad interval');
    expect(saved).toEqual([]);
  });
});

describe('persistWatchedPorts', () => {
  it('saves the ports the service now watches and logs a failed save without failing the call', async () => {
    const { api, calls } = service();
    api.setWatchedPorts = async (request) => ({ ports: [...new Set(request.ports)].sort((a, b) => a - b) });
    const saved: number[][] = [];
    const wrapped = persistWatchedPorts(api, async (ports) => void saved.push(ports), () => {});
    expect(await wrapped.setWatchedPorts({ ports: [5432, 80, 80] })).toEqual({ ports: [80, 5432] });
    expect(saved).toEqual([[80, 5432]]);
    await wrapped.pause({});
    expect(calls).toEqual(['pause']);
    const logs: string[] = [];
    const failing = persistWatchedPorts(api, async () => Promise.reject(new Error('read-only')), (m) => logs.push(m));
    await expect(failing.setWatchedPorts({ ports: [22] })).resolves.toEqual({ ports: [22] });
    expect(logs).toEqual(['Settings: watched ports not saved (read-only)']);
  });
});

describe('persistResolveNames', () => {
  it('saves the "Resolve names" setting the service took, and logs a failed save without failing the call', async () => {
    const { api, calls } = service();
    api.setResolveNames = async ({ on }) => ({ on });
    const saved: boolean[] = [];
    const wrapped = persistResolveNames(api, async (on) => void saved.push(on), () => {});
    expect(await wrapped.setResolveNames({ on: false })).toEqual({ on: false });
    expect(saved).toEqual([false]);
    await wrapped.getDestinations({});
    expect(calls).toEqual(['getDestinations']);
    const logs: string[] = [];
    const failing = persistResolveNames(api, async () => Promise.reject(new Error('read-only')), (m) => logs.push(m));
    await expect(failing.setResolveNames({ on: true })).resolves.toEqual({ on: true });
    expect(logs).toEqual(['Settings: "Resolve names" not saved (read-only)']);
  });
});
