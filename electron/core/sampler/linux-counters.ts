/**
 * Kernel TCP counters from /proc/net/snmp and /proc/net/sockstat. The churn engine compares
 * the kernel's own open count with the births it sampled, which is how the user learns how much
 * polling missed; these parsers find columns by name so a kernel that adds columns still reads.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KernelCounters } from '../../../shared/model';

/** The Tcp: line values Ephemera uses from /proc/net/snmp. */
export interface SnmpTcp {
  activeOpens: number;
  passiveOpens: number;
  currEstab: number;
}

function nonNegativeInteger(text: string | undefined): number | null {
  if (text === undefined || !/^\d{1,15}$/.test(text)) return null;
  return Number(text);
}

/**
 * Reads the `Tcp:` header line and the `Tcp:` value line that follows it; null when either is
 * missing or a needed column is absent or not a count.
 */
export function parseSnmpTcp(text: string): SnmpTcp | null {
  const lines = text.split('\n');
  const headerAt = lines.findIndex((line) => line.startsWith('Tcp:'));
  const values = lines[headerAt + 1];
  if (headerAt < 0 || values === undefined || !values.startsWith('Tcp:')) return null;
  const names = (lines[headerAt] ?? '').trim().split(/\s+/);
  const cells = values.trim().split(/\s+/);
  if (names.length !== cells.length) return null;
  const column = (name: string): number | null => nonNegativeInteger(cells[names.indexOf(name)]);
  const activeOpens = column('ActiveOpens');
  const passiveOpens = column('PassiveOpens');
  const currEstab = column('CurrEstab');
  if (activeOpens === null || passiveOpens === null || currEstab === null) return null;
  return { activeOpens, passiveOpens, currEstab };
}

/** The `tw` count of the `TCP:` line of /proc/net/sockstat (sockets in TIME_WAIT), or null. */
export function parseSockstatTimeWait(text: string): number | null {
  const line = text.split('\n').find((l) => l.startsWith('TCP:'));
  if (line === undefined) return null;
  const words = line.trim().split(/\s+/);
  for (let i = 1; i + 1 < words.length; i += 2) {
    if (words[i] === 'tw') return nonNegativeInteger(words[i + 1]);
  }
  return null;
}

/** Both parsers over the two texts: counters when both are complete, else the reason. */
export function parseKernelCounters(snmp: string, sockstat: string): KernelCounters | string {
  const tcp = parseSnmpTcp(snmp);
  if (tcp === null) return 'no Tcp: ActiveOpens/PassiveOpens/CurrEstab in /proc/net/snmp';
  const timeWait = parseSockstatTimeWait(sockstat);
  if (timeWait === null) return 'no TCP: tw count in /proc/net/sockstat';
  return { ...tcp, timeWait };
}

/**
 * Reads the counters under `procRoot`; on a missing or odd file, returns the reason in words
 * (the sample still goes on, with counters null). Synchronous: two small reads inside a sample
 * that already runs on the sampler's worker thread.
 */
export function readKernelCounters(procRoot = '/proc'): KernelCounters | string {
  try {
    const snmp = readFileSync(join(procRoot, 'net/snmp'), 'latin1');
    const sockstat = readFileSync(join(procRoot, 'net/sockstat'), 'latin1');
    return parseKernelCounters(snmp, sockstat);
  } catch (error) {
    return `kernel counters unreadable: ${(error as Error).message}`;
  }
}
