/**
 * Reads `ss -tin` (tcp_info through netlink, which any user may read for every socket): per
 * connection the bytes acknowledged by the peer, the bytes received and the smoothed RTT. nethogs
 * and bandwhich need root for per-connection traffic; this needs nothing. Pure: tested on recorded
 * real output. A line that cannot be read is counted, never guessed.
 */
import { ssEndpoints } from '../sampler/ss-parse';

/** One connection's counters as ss printed them. */
export interface SsTcpInfo {
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
  /** ss's state word, e.g. ESTAB. */
  state: string;
  bytesAcked: number;
  bytesReceived: number;
  rttMs: number | null;
}

/** What a parse found. */
export interface SsTcpInfoParse {
  connections: SsTcpInfo[];
  /** Lines that were neither a header, a socket line nor its info line. */
  malformed: number;
}

/** `local|lport|remote|rport`: how an ss row meets a table row. */
export function endpointsKey(t: Pick<SsTcpInfo, 'localAddress' | 'localPort' | 'remoteAddress' | 'remotePort'>): string {
  return `${t.localAddress}|${t.localPort}|${t.remoteAddress}|${t.remotePort}`;
}

function counter(info: string, name: string): number {
  const m = new RegExp(`(?:^|\\s)${name}:(\\d+)`).exec(info);
  return m ? Number(m[1]) : 0;
}

function rtt(info: string): number | null {
  const m = /(?:^|\s)rtt:([\d.]+)\//.exec(info);
  return m ? Number(m[1]) : null;
}

/** A socket line: state, two queues, local, peer, and maybe more (process, timer). */
function socketLine(line: string): Omit<SsTcpInfo, 'bytesAcked' | 'bytesReceived' | 'rttMs'> | null {
  const f = line.trim().split(/\s+/);
  const [state, recvQ, sendQ, local, peer] = f;
  if (state === undefined || local === undefined || peer === undefined) return null;
  if (!/^\d+$/.test(recvQ ?? '') || !/^\d+$/.test(sendQ ?? '')) return null;
  const ends = ssEndpoints(local, peer);
  if (typeof ends === 'string') return null;
  return { state, localAddress: ends.local.address, localPort: ends.local.port, remoteAddress: ends.remote.address, remotePort: ends.remote.port };
}

/**
 * Parses the output of `ss -tin` (with or without its header, `-H`). Each socket line is followed by
 * one indented line of tcp_info fields; a socket without one (ss could not read it) has zeros.
 */
export function parseSsTcpInfo(text: string): SsTcpInfoParse {
  const connections: SsTcpInfo[] = [];
  let malformed = 0;
  let current: SsTcpInfo | null = null;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    if (/^\s/.test(line)) {
      if (current === null) {
        malformed += 1;
        continue;
      }
      current.bytesAcked = counter(line, 'bytes_acked');
      current.bytesReceived = counter(line, 'bytes_received');
      current.rttMs = rtt(line);
      current = null;
      continue;
    }
    if (/^State\s+Recv-Q/.test(line)) continue;
    const head = socketLine(line);
    if (head === null) {
      malformed += 1;
      current = null;
      continue;
    }
    current = { ...head, bytesAcked: 0, bytesReceived: 0, rttMs: null };
    connections.push(current);
  }
  return { connections, malformed };
}
