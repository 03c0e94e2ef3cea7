import { describe, expect, it } from 'vitest';
import type { SocketState } from '../../../shared/model';
import { tupleKey } from '../churn/connections';
import { row } from '../churn/test-rows';
import { EventMatcher, eventKind, type GoneRow, type HeldZeroRow } from './event-matcher';
import { parseDestroyLine } from './ss-event-line';
import type { DestroyEvent } from './types';

/** A destroy event from an ss -E line as recorded (see fixtures/README.md). */
function ev(line: string, time = 1500): DestroyEvent {
  const r = parseDestroyLine(line, time);
  if (r.kind !== 'event') throw new Error(`not an event: ${line}`);
  return r.event;
}

const RST_CLIENT = 'tcp   UNCONN 0      65485        0.0.0.0:44450              127.0.0.1:*     ino:0 sk:26f76';
const RST_SERVER = 'tcp   UNCONN 0      0      [::ffff:127.0.0.1]:43933     [::ffff:127.0.0.1]:44450 ino:0 sk:26f77';
const FIN_CLIENT = 'tcp   UNCONN 1      0          127.0.0.1:53602    127.0.0.1:36473 ino:0 sk:26f74';
const LISTENER = 'tcp   UNCONN 0      0               127.0.0.1:36473                0.0.0.0:*     ino:0 sk:26f6f';
const UDP = 'udp   ESTAB  0      -1                  [::1]:40535                  [::1]:53    ino:0 sk:26f80';
const UNBOUND = 'udp   UNCONN 0      -1                 *:*                *:*     ino:0 sk:ad06';

const none: HeldZeroRow = () => undefined;
const finRow = row({ lport: 53602, rport: 36473, inode: 77 });

describe('eventKind', () => {
  it('tells connections, RST-cleared clients, sockets without a peer, UDP and unbound sockets apart', () => {
    expect([RST_CLIENT, RST_SERVER, FIN_CLIENT, LISTENER, UDP, UNBOUND].map((l) => eventKind(ev(l)))).toEqual([
      'partial',
      'connection',
      'connection',
      'not-open',
      'udp',
      'unbound',
    ]);
  });
});

describe('EventMatcher', () => {
  it('closes a seen connection that left the table with its destroy time, and counts it as seen', () => {
    const m = new EventMatcher<string>();
    m.settle([finRow], [], []);
    const prepared = m.prepare([ev(FIN_CLIENT, 1500)], none, 1000);
    const out = m.settle([], [{ socket: finRow, item: 'conn-a' }], prepared);
    expect(out).toMatchObject({ sampled: 1, unseenTcp: [], closes: [{ item: 'conn-a', time: 1500 }] });
  });

  it('reports a connection never in the table as unseen, with its tuple', () => {
    const m = new EventMatcher<string>();
    const out = m.settle([], [], m.prepare([ev(FIN_CLIENT)], none, 1000));
    expect(out.sampled).toBe(0);
    expect(out.unseenTcp.map((u) => tupleKey(u.tuple))).toEqual(['tcp|127.0.0.1|53602|127.0.0.1|36473']);
    expect(out.unseenTcp[0]).toMatchObject({ time: 1500, partial: false });
  });

  it('counts a socket whose TIME_WAIT row the new sample shows as seen, without closing anything', () => {
    const m = new EventMatcher<string>();
    const tw = { ...row({ lport: 53602, rport: 36473 }), state: 'TIME_WAIT' as const };
    const prepared = m.prepare([ev(FIN_CLIENT)], none, 1000);
    const out = m.settle([tw], [], prepared);
    expect(out).toMatchObject({ sampled: 1, unseenTcp: [], closes: [] });
  });

  it('treats an event on a tuple already in TIME_WAIT before the previous sample as a new, unseen connection', () => {
    const m = new EventMatcher<string>();
    const tw = { ...row({ lport: 53602, rport: 36473 }), state: 'TIME_WAIT' as const };
    m.settle([tw], [], []);
    const held = (state: SocketState, firstSeen: number): HeldZeroRow => (key) =>
      key === tupleKey(tw) ? { state, firstSeen } : undefined;
    // TIME_WAIT since 500, previous sample at 1000: the kernel reused the tuple (tcp_tw_reuse)
    expect(m.settle([], [], m.prepare([ev(FIN_CLIENT)], held('TIME_WAIT', 500), 1000)).unseenTcp).toHaveLength(1);
    // TIME_WAIT first seen at the previous sample: the late event of that same connection
    expect(m.settle([], [], m.prepare([ev(FIN_CLIENT)], held('TIME_WAIT', 1000), 1000)).sampled).toBe(1);
    // an orphan still closing is the same connection
    expect(m.settle([], [], m.prepare([ev(FIN_CLIENT)], held('FIN_WAIT2', 500), 1000)).sampled).toBe(1);
  });

  it('does not count an event that arrives a tick after its seen row left as unseen', () => {
    const m = new EventMatcher<string>();
    m.settle([finRow], [], []);
    m.settle([], [{ socket: finRow, item: 'a' }], []);
    const out = m.settle([], [], m.prepare([ev(FIN_CLIENT, 2500)], none, 2000));
    expect(out).toMatchObject({ sampled: 1, unseenTcp: [], closes: [] });
  });

  it('completes a RST client from its dual-stack server side, then matches the whole tuple', () => {
    const m = new EventMatcher<string>();
    const client = row({ lport: 44450, rport: 43933, inode: 9 });
    m.settle([client], [], []);
    const prepared = m.prepare([ev(RST_CLIENT), ev(RST_SERVER)], none, 1000);
    expect(tupleKey(prepared[0]!.tuple)).toBe('tcp|127.0.0.1|44450|127.0.0.1|43933');
    expect(prepared[0]!.partial).toBe(false);
    const out = m.settle([], [{ socket: client, item: 'client' } satisfies GoneRow<string>], prepared);
    expect(out.closes).toEqual([{ item: 'client', time: 1500 }]);
    expect(out.unseenTcp.map((u) => tupleKey(u.tuple))).toEqual(['tcp|::ffff:127.0.0.1|43933|::ffff:127.0.0.1|44450']);
  });

  it('matches an RST client with no other side on what is left of its tuple', () => {
    const m = new EventMatcher<string>();
    const client = row({ lport: 44450, rport: 443, remote: '127.0.0.1', inode: 9 });
    m.settle([client], [], []);
    const seen = m.settle([], [{ socket: client, item: 'c' }], m.prepare([ev(RST_CLIENT)], none, 1000));
    expect(seen).toMatchObject({ sampled: 1, closes: [{ item: 'c' }] });
    const unseen = new EventMatcher<string>();
    const out = unseen.settle([], [], unseen.prepare([ev(RST_CLIENT)], none, 1000));
    expect(out.unseenTcp).toEqual([{ tuple: expect.objectContaining({ localPort: 44450, remotePort: 0 }), time: 1500, partial: true }]);
  });

  it('counts listeners as not opens, UDP apart from TCP, and ignores unbound sockets', () => {
    const m = new EventMatcher<string>();
    const out = m.settle([], [], m.prepare([ev(LISTENER), ev(UDP), ev(UNBOUND)], none, 1000));
    expect(out.notOpens).toBe(1);
    expect(out.unseenUdp).toHaveLength(1);
    expect(out.unseenTcp).toHaveLength(0);
  });

  it('keeps the live index equal to the table across ticks', () => {
    const m = new EventMatcher<string>();
    const a = row({ lport: 1, rport: 2, inode: 1 });
    const b = row({ lport: 3, rport: 4, inode: 2 });
    m.settle([a, b], [], []);
    m.settle([], [{ socket: a, item: '' }], []);
    expect(m.live.size).toBe(1);
    expect(m.live.hasFull(tupleKey(b))).toBe(true);
    expect(m.live.hasFull(tupleKey(a))).toBe(false);
  });
});
