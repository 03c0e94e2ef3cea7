/**
 * The renderer's one way to reach the port service: Electron's preload bridge when it is
 * there, else the web host's WebSocket on the page's own origin. Everything above this
 * (store, views) sees the same EphemeraBridge and never knows which transport it runs on.
 */
import type { EphemeraBridge } from '../../../shared/contract';
import { WS_PATH } from '../../../shared/web-protocol';
import './window-ephemera';
import { connectWebSocketBridge } from './ws-client';
import type { ConnectionState } from './ws-client';

/** The WebSocket URL of the host that served this page. */
export function webSocketUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${WS_PATH}`;
}

/**
 * Connects once per page. `onState` reports the web transport's connection (Electron's
 * bridge is always 'open').
 */
export function connectBridge(onState?: (state: ConnectionState, detail: string) => void): Promise<EphemeraBridge> {
  const preload = window.ephemera;
  if (preload) {
    onState?.('open', 'electron');
    return Promise.resolve(preload);
  }
  return connectWebSocketBridge({ url: webSocketUrl(window.location), onState });
}

/** True in the desktop app, whose main process shows a native file picker (openCaptureFile). */
export function hasNativeFilePicker(): boolean {
  return window.ephemera !== undefined;
}
