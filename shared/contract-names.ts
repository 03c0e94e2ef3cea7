/**
 * The contract's method and event names and its channel rule, without zod, so the sandboxed
 * preload bundles a few hundred bytes instead of the whole schema library. shared/contract.ts
 * proves at compile time that these lists equal the keys of its `methods` and `events`.
 */
export type {
  EphemeraBridge,
  EventName,
  EventOf,
  EventSubscriber,
  MethodName,
  RequestOf,
  ResponseOf,
} from './contract';

/** Method names in a stable order, for transports that enumerate them. */
export const METHOD_NAMES = [
  'subscribe',
  'getStatus',
  'getChurn',
  'getProcess',
  'getPortHistory',
  'exportSnapshot',
  'setInterval',
  'pause',
  'resume',
  'setWatchedPorts',
  'getProcessLifetimes',
  'getServiceNames',
  // issue 9: actions
  'previewAction',
  'endProcess',
  'closeConnection',
  'checkPort',
  // issue 12: captures
  'parseCapture',
  'openCaptureFile',
  // issue 13: names, destinations, bytes
  'getHostNames',
  'setResolveNames',
  'getDestinations',
  'getTcpInfo',
] as const;

/** Event names in a stable order. */
export const EVENT_NAMES = [
  'delta',
  'churn',
  'status',
  'notification',
  // issue 13: names, destinations, bytes
  'hostNames',
  'destinations',
] as const;

/** The IPC channel of a method or event; the only place a channel name is made. */
export function channelOf(name: string, kind: 'method' | 'event'): string {
  return `ephemera:${kind}:${name}`;
}
