/**
 * The only file in electron/main that touches ipcMain: registers the contract's methods with
 * sender and payload checks, and starts the event fan-out to windows that subscribed.
 */
import { ipcMain } from 'electron';
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import type { EventSubscriber, PortApi } from '../../../shared/contract';
import { isAppUrl } from '../security/app-origin';
import { createEventFanout } from './event-fanout';
import { registerMethodsOn } from './method-handlers';
import { createRefusalLog } from './sender-trust';

/** Registers the port API on IPC; returns the function that removes handlers and stops events. */
export function registerPortIpc(api: PortApi, on: EventSubscriber, log: (message: string) => void): () => void {
  const fanout = createEventFanout<WebContents>(on);
  const unregister = registerMethodsOn<IpcMainInvokeEvent>(ipcMain, api, {
    isAppUrl,
    refuse: createRefusalLog(log),
    onTrusted: (event, method) => {
      if (method !== 'subscribe') return;
      const contents = event.sender;
      if (fanout.add(contents)) contents.once('destroyed', () => fanout.remove(contents));
    },
  });
  return () => {
    unregister();
    fanout.close();
  };
}
