/**
 * A small socket table whose metric values are known by hand, shared by the metrics tests:
 * range 40000-40009 (10 ports), three connections to 10.0.0.2:443 (one in TIME_WAIT), one to
 * 10.0.0.3:443, a listener outside the range, an ownerless UDP socket.
 */
import type { Snapshot } from '../../../shared/model';
import { owner, row } from '../churn/test-rows';

const app = owner(4242, 'app "quoted"\\name');

/** The table; expected values are in KNOWN. */
export const KNOWN_TABLE: Snapshot = {
  seq: 7,
  time: Date.UTC(2025, 0, 2, 3, 4, 5),
  host: 'host "a"\nb',
  platform: 'linux',
  source: 'linux-procfs',
  ephemeralRange: { low: 40000, high: 40009, source: 'os', origin: 'test' },
  sockets: [
    row({ lport: 8080, local: '0.0.0.0', state: 'LISTEN', inode: 1, owner: app }),
    row({ lport: 40000, local: '10.0.0.1', remote: '10.0.0.2', rport: 443, inode: 2, owner: app }),
    row({ lport: 40001, local: '10.0.0.1', remote: '10.0.0.2', rport: 443, inode: 3, owner: app }),
    row({ lport: 40002, local: '10.0.0.1', remote: '10.0.0.2', rport: 443, state: 'TIME_WAIT', owner: null }),
    row({ lport: 40003, local: '10.0.0.1', remote: '10.0.0.3', rport: 443, inode: 4, owner: app }),
    row({ proto: 'udp', lport: 5353, local: '0.0.0.0', inode: 5, owner: null }),
  ],
  counters: { activeOpens: 100, passiveOpens: 20, currEstab: 3, timeWait: 9 },
  firstSeen: {},
};

/** What the metrics of KNOWN_TABLE must say. */
export const KNOWN = {
  held: 4,
  rangeSize: 10,
  occupancy: 0.4,
  tupleOccupancy: 0.3,
  ownerUnknown: 2,
  timeWait: 1,
  kernelTimeWait: 9,
  states: { 'tcp|LISTEN': 1, 'tcp|ESTABLISHED': 3, 'tcp|TIME_WAIT': 1, 'udp|UNCONN': 1 } as Record<string, number>,
};
