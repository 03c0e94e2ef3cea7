/**
 * Builders for the churn tests: real Socket rows and RawSamples made from a few facts, with ids
 * computed by the same socketId() the samplers use, so tests read like the tables they describe.
 */
import type { KernelCounters, Owner, Proto, Socket, SocketState } from '../../../shared/model';
import { socketId } from '../../../shared/socket-id';
import type { RawSample } from '../sampler/types';
import type { SnapshotMeta } from './types';

/** The facts a test names; everything else gets a plain default. */
export interface RowFacts {
  proto?: Proto;
  local?: string;
  lport: number;
  remote?: string;
  rport?: number;
  state?: SocketState;
  inode?: number;
  owner?: Owner | null;
  txQueue?: number;
  rxQueue?: number;
}

/** A socket row as a sampler would emit it. */
export function row(f: RowFacts): Socket {
  const proto = f.proto ?? 'tcp';
  const local = f.local ?? '127.0.0.1';
  const remote = f.remote ?? (f.rport === undefined ? '0.0.0.0' : '127.0.0.1');
  const rport = f.rport ?? 0;
  const inode = f.inode ?? 0;
  return {
    id: socketId(proto, local, f.lport, remote, rport, inode),
    proto,
    family: local.includes(':') ? 6 : 4,
    localAddress: local,
    localPort: f.lport,
    remoteAddress: remote,
    remotePort: rport,
    state: f.state ?? (proto === 'udp' ? 'UNCONN' : 'ESTABLISHED'),
    inode,
    uid: 1000,
    txQueue: f.txQueue ?? 0,
    rxQueue: f.rxQueue ?? 0,
    timer: null,
    owner: f.owner === undefined ? null : f.owner,
  };
}

/** An owner with a start time, so pid reuse can be expressed. */
export function owner(pid: number, name: string, startTime = 1000): Owner {
  return { pid, startTime, name };
}

/** Kernel counters with the given opens split as active + passive. */
export function counters(activeOpens: number, passiveOpens = 0): KernelCounters {
  return { activeOpens, passiveOpens, currEstab: 0, timeWait: 0 };
}

/** A RawSample at a time, with optional counters. */
export function sample(time: number, sockets: Socket[], kernel: KernelCounters | null = null): RawSample {
  return { time, sockets, counters: kernel, skipped: 0, errors: [], durationMs: 3 };
}

/** Machine facts for an engine under test. */
export const META: SnapshotMeta = {
  host: 'test-host',
  platform: 'linux',
  source: 'test',
  ephemeralRange: { low: 32768, high: 60999, source: 'os', origin: '/proc/sys/net/ipv4/ip_local_port_range' },
};
