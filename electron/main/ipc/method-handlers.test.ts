import { beforeEach, describe, expect, it } from 'vitest';
import { METHOD_NAMES, channelOf } from '../../../shared/contract';
import type { MethodName, PortApi } from '../../../shared/contract';
import { isAppUrl } from '../security/app-origin';
import { IpcRefusedError, createMethodHandler, registerMethodsOn } from './method-handlers';
import type { HandleRegistry, HandlerGuard } from './method-handlers';
import { createRefusalLog } from './sender-trust';
import type { SenderLike } from './sender-trust';

type Call = [MethodName, unknown];
let calls: Call[];
let logged: string[];
let trusted: MethodName[];
let api: PortApi;
let guard: HandlerGuard<Sender>;

interface Sender extends SenderLike {
  id: number;
}

const topFrame = (url: string): Sender => ({ id: 1, senderFrame: { url, parent: null } });
const APP = 'app://ephemera/index.html#/';

beforeEach(() => {
  calls = [];
  logged = [];
  trusted = [];
  api = Object.fromEntries(
    METHOD_NAMES.map((m) => [
      m,
      async (request: unknown) => {
        calls.push([m, request]);
        return { answeredBy: m };
      },
    ]),
  ) as unknown as PortApi;
  guard = { isAppUrl, refuse: createRefusalLog((m) => logged.push(m)), onTrusted: (_e, m) => void trusted.push(m) };
});

describe('createMethodHandler', () => {
  it('runs the service method with the parsed request for our own top-level frame', async () => {
    const handler = createMethodHandler('getPortHistory', api, guard);
    await expect(handler(topFrame(APP), { port: 443, proto: 'tcp' })).resolves.toEqual({ answeredBy: 'getPortHistory' });
    expect(calls).toEqual([['getPortHistory', { port: 443, proto: 'tcp' }]]);
    expect(trusted).toEqual(['getPortHistory']);
    expect(logged).toEqual([]);
  });

  it('refuses an iframe even on our own origin, and logs that once however often it retries', async () => {
    const handler = createMethodHandler('pause', api, guard);
    const iframe: Sender = { id: 1, senderFrame: { url: APP, parent: { url: APP } } };
    for (let i = 0; i < 3; i++) {
      await expect(handler(iframe, {})).rejects.toThrow(/refused 'pause': sent from a sub-frame \(app:\/\/ephemera\/index\.html\)/);
    }
    expect(calls).toEqual([]);
    expect(trusted).toEqual([]);
    expect(logged).toHaveLength(1);
  });

  it('refuses foreign pages, file URLs and a frame that is gone', async () => {
    const handler = createMethodHandler('getStatus', api, guard);
    for (const url of ['https://evil.example/x?token=secret', 'file:///work/main/out/renderer/index.html', 'app://other/index.html']) {
      const error = await handler(topFrame(url), {}).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IpcRefusedError);
      expect(String(error)).toMatch(/foreign page/);
      expect(String(error)).not.toMatch(/secret/);
    }
    await expect(handler({ senderFrame: null, id: 2 }, {})).rejects.toThrow(/frame is gone/);
    expect(calls).toEqual([]);
    expect(logged).toHaveLength(4);
  });

  it('refuses malformed payloads with the field in the message, before the service runs', async () => {
    const getProcess = createMethodHandler('getProcess', api, guard);
    await expect(getProcess(topFrame(APP), { pid: -1 })).rejects.toThrow(/refused 'getProcess': invalid request \(pid: /);
    await expect(getProcess(topFrame(APP), { pid: 1, extra: true })).rejects.toThrow(/invalid request/);
    await expect(getProcess(topFrame(APP), 'pid=1')).rejects.toThrow(/invalid request \(request: /);
    const setInterval = createMethodHandler('setInterval', api, guard);
    await expect(setInterval(topFrame(APP), { ms: 5 })).rejects.toThrow(/invalid request \(ms: /);
    await expect(setInterval(topFrame(APP), undefined)).rejects.toThrow(/invalid request/);
    expect(calls).toEqual([]);
    await expect(setInterval(topFrame(APP), { ms: 250 })).resolves.toEqual({ answeredBy: 'setInterval' });
    expect(calls).toEqual([['setInterval', { ms: 250 }]]);
  });

  it('passes service errors through unchanged', async () => {
    api.getProcess = async () => {
      throw new Error('process 4242 is gone');
    };
    await expect(createMethodHandler('getProcess', api, guard)(topFrame(APP), { pid: 4242 })).rejects.toThrow('process 4242 is gone');
  });
});

describe('registerMethodsOn', () => {
  it('registers every contract method on its contract channel, and removes them all', async () => {
    const handlers = new Map<string, (event: Sender, ...args: unknown[]) => unknown>();
    const registry: HandleRegistry<Sender> = {
      handle: (channel, listener) => {
        expect(handlers.has(channel)).toBe(false);
        handlers.set(channel, listener);
      },
      removeHandler: (channel) => void handlers.delete(channel),
    };
    const remove = registerMethodsOn(registry, api, guard);
    expect([...handlers.keys()].sort()).toEqual(METHOD_NAMES.map((m) => channelOf(m, 'method')).sort());
    const resume = handlers.get(channelOf('resume', 'method'));
    await expect(resume?.(topFrame(APP), {})).resolves.toEqual({ answeredBy: 'resume' });
    await expect(resume?.(topFrame('https://evil.example/'), {})).rejects.toThrow(IpcRefusedError);
    remove();
    expect(handlers.size).toBe(0);
  });
});
