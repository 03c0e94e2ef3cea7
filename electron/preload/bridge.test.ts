import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { METHOD_NAMES, channelOf } from '../../shared/contract-names';
import type { EventName, MethodName } from '../../shared/contract-names';
import type { Notification } from '../../shared/contract';
import { createBridge } from './bridge';
import type { IpcRendererLike } from './bridge';

/** ipcRenderer's shape over a real EventEmitter: invoke records, on/removeListener are the emitter's. */
function fakeIpc() {
  const emitter = new EventEmitter();
  const invoked: Array<[string, unknown[]]> = [];
  const ipc: IpcRendererLike = {
    invoke: async (channel, ...args) => {
      invoked.push([channel, args]);
      return { from: channel };
    },
    on: (channel, listener) => emitter.on(channel, listener),
    removeListener: (channel, listener) => emitter.removeListener(channel, listener),
  };
  return { ipc, emitter, invoked };
}

const note: Notification = { id: 'n', time: 1, kind: 'exhaustion', level: 'critical', title: 't', body: 'b' };

describe('preload bridge', () => {
  it('exposes exactly call and on, frozen', () => {
    const bridge = createBridge(fakeIpc().ipc);
    expect(Object.keys(bridge).sort()).toEqual(['call', 'on']);
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it('invokes every contract method on its channel with the request as the one argument', async () => {
    const { ipc, invoked } = fakeIpc();
    const bridge = createBridge(ipc);
    for (const method of METHOD_NAMES) await bridge.call(method, {} as never);
    expect(invoked).toEqual(METHOD_NAMES.map((m) => [channelOf(m, 'method'), [{}]]));
    await expect(bridge.call('setInterval', { ms: 500 })).resolves.toEqual({ from: 'ephemera:method:setInterval' });
  });

  it('refuses unknown methods without sending anything', async () => {
    const { ipc, invoked } = fakeIpc();
    const bridge = createBridge(ipc);
    await expect(bridge.call('killProcess' as MethodName, {} as never)).rejects.toThrow('Unknown Ephemera method: killProcess');
    await expect(bridge.call('__proto__' as MethodName, {} as never)).rejects.toThrow(/Unknown/);
    await expect(bridge.call(42 as unknown as MethodName, {} as never)).rejects.toThrow(/Unknown/);
    expect(invoked).toEqual([]);
  });

  it('delivers event payloads only (never the IPC event) until unsubscribed', () => {
    const { ipc, emitter } = fakeIpc();
    const bridge = createBridge(ipc);
    const got: unknown[][] = [];
    const off = bridge.on('notification', (...args) => void got.push(args));
    emitter.emit(channelOf('notification', 'event'), { sender: 'ipcRenderer would leak here' }, note);
    expect(got).toEqual([[note]]);
    off();
    off();
    emitter.emit(channelOf('notification', 'event'), {}, note);
    expect(got).toHaveLength(1);
    expect(emitter.listenerCount(channelOf('notification', 'event'))).toBe(0);
  });

  it('refuses unknown events and non-function listeners', () => {
    const { ipc, emitter } = fakeIpc();
    const bridge = createBridge(ipc);
    expect(() => bridge.on('ephemera:method:pause' as EventName, () => {})).toThrow(/Unknown Ephemera event/);
    expect(() => bridge.on('delta', 'alert(1)' as never)).toThrow(TypeError);
    expect(emitter.eventNames()).toEqual([]);
  });
});
