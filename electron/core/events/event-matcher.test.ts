import { describe, expect, it } from 'vitest';
import type { Socket } from '../../../shared/model';
import { tupleKey } from '../churn/connections';
import { row } from '../churn/test-rows';
import { EventMatcher, eventKind, type GoneRow } from './event-matcher';
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

const noTimeWait: Socket[] = [];
const gone = (socket: Socket, item: string): GoneRow<string> => ({ socket, state: socket.state, item });
/** The TIME_WAIT row of `tuple` as sampled, `timerMs` left (null: no timer column). */
const timeWaitOf = (tuple: Socket, timerMs: number | null): Socket[] => [
  { ...tuple, inode: 0, state: 'TIME_WAIT', timer: timerMs === null ? null : { kind: 'time-wait', remainingMs: timerMs, retransmits: 0 } },
];

describe('EventMatcher', () => {
  it('closes a seen connection that left the table with its destroy time, and counts it as seen', () => {
    const m = new EventMatcher<string>();
    const out = m.settle([gone(finRow, 'conn-a')], m.prepare([ev(FIN_CLIENT, 1500)]), noTimeWait, 2000);
    expect(out).toMatchObject({ sampled: 1, unseenTcp: [], closes: [{ item: 'conn-a', time: 1500 }] });
  });

  it('reports a connection never in the table as unseen, with its tuple', () => {
    const m = new EventMatcher<string>();
    const out = m.settle([], m.prepare([ev(FIN_CLIENT)]), noTimeWait, 2000);
    expect(out.sampled).toBe(0);
    expect(out.unseenTcp.map((u) => tupleKey(u.tuple))).toEqual(['tcp|127.0.0.1|53602|127.0.0.1|36473']);
    expect(out.unseenTcp[0]).toMatchObject({ time: 1500, partial: false });
  });

  it('gives each TIME_WAIT the poller saw one event, never one from before it started', () => {
    const m = new EventMatcher<string>();
    // sampled at 2000 with 59.5 s left: it entered TIME_WAIT at 1500, when the event came
    expect(m.settle([], m.prepare([ev(FIN_CLIENT, 1500)]), timeWaitOf(finRow, 59_500), 2000)).toMatchObject({ sampled: 1, unseenTcp: [], closes: [] });
    // the same TIME_WAIT a tick later: it has its event, so another one is a connection nobody saw
    expect(m.settle([], m.prepare([ev(FIN_CLIENT, 2500)]), timeWaitOf(finRow, 58_500), 3000).unseenTcp).toHaveLength(1);
    const reused = new EventMatcher<string>();
    // TIME_WAIT since 1700 (the tuple was reused): an event at 1200 is an older connection's
    expect(reused.settle([], reused.prepare([ev(FIN_CLIENT, 1200)]), timeWaitOf(finRow, 59_700), 2000).unseenTcp).toHaveLength(1);
    const late = new EventMatcher<string>();
    // TIME_WAIT since 1000, seen at 2000; a tick later the tuple's TIME_WAIT restarted (at 2600) and two
    // events came: 2100, the first connection's descriptor closed late, and 2650, the new one's
    late.settle([], [], timeWaitOf(finRow, 59_000), 2000);
    const out = late.settle([], late.prepare([ev(FIN_CLIENT, 2650), ev(FIN_CLIENT, 2100)]), timeWaitOf(finRow, 59_600), 3000);
    expect(out).toMatchObject({ sampled: 2, unseenTcp: [] });
  });

  it('takes a TIME_WAIT without a timer as the own of the first event on its tuple', () => {
    const m = new EventMatcher<string>();
    expect(m.settle([], m.prepare([ev(FIN_CLIENT, 1500), ev(FIN_CLIENT, 1600)]), timeWaitOf(finRow, null), 2000)).toMatchObject({ sampled: 1, unseenTcp: [{ time: 1600 }] });
  });

  it('forgets TIME_WAITs a minute after noting them', () => {
    const m = new EventMatcher<string>();
    m.settle([], [], timeWaitOf(finRow, 59_000), 2000);
    m.settle([], [], [], 64_000);
    expect(m.settle([], m.prepare([ev(FIN_CLIENT, 1500)]), [], 65_000).unseenTcp).toHaveLength(1);
  });

  it('never gives an event to a live full socket on the same tuple: that one was alive at the sample', () => {
    const m = new EventMatcher<string>();
    const out = m.settle([], m.prepare([ev(FIN_CLIENT, 1500)]), noTimeWait, 2000);
    expect(out.unseenTcp).toHaveLength(1);
  });

  it('lets one departed row absorb one event: a second on the same tuple is another connection', () => {
    const m = new EventMatcher<string>();
    const out = m.settle([gone(finRow, 'a')], m.prepare([ev(FIN_CLIENT, 1200), ev(FIN_CLIENT, 1700)]), noTimeWait, 2000);
    expect(out).toMatchObject({ sampled: 1, closes: [{ item: 'a', time: 1200 }] });
    expect(out.unseenTcp).toHaveLength(1);
  });

  it('does not count an event that arrives a tick after its seen row left as unseen, nor a left TIME_WAIT row as its owner', () => {
    const m = new EventMatcher<string>();
    m.settle([gone(finRow, 'a')], [], noTimeWait, 2000);
    expect(m.settle([], m.prepare([ev(FIN_CLIENT, 1990)]), noTimeWait, 3000)).toMatchObject({ sampled: 1, unseenTcp: [], closes: [] });
    const expired = { ...finRow, state: 'TIME_WAIT' as const, inode: 0 };
    const fresh = new EventMatcher<string>();
    expect(fresh.settle([gone(expired, 'tw')], fresh.prepare([ev(FIN_CLIENT)]), noTimeWait, 2000).unseenTcp).toHaveLength(1);
  });

  it('completes a RST client from its dual-stack server side, then matches the whole tuple', () => {
    const m = new EventMatcher<string>();
    const client = row({ lport: 44450, rport: 43933, inode: 9 });
    const prepared = m.prepare([ev(RST_CLIENT), ev(RST_SERVER)]);
    expect(tupleKey(prepared[0]!.tuple)).toBe('tcp|127.0.0.1|44450|127.0.0.1|43933');
    expect(prepared[0]!.partial).toBe(false);
    const out = m.settle([gone(client, 'client')], prepared, noTimeWait, 2000);
    expect(out.closes).toEqual([{ item: 'client', time: 1500 }]);
    expect(out.unseenTcp.map((u) => tupleKey(u.tuple))).toEqual(['tcp|::ffff:127.0.0.1|43933|::ffff:127.0.0.1|44450']);
  });

  it('matches an RST client with no other side on what is left of its tuple', () => {
    const m = new EventMatcher<string>();
    const client = row({ lport: 44450, rport: 443, remote: '127.0.0.1', inode: 9 });
    expect(m.settle([gone(client, 'c')], m.prepare([ev(RST_CLIENT)]), noTimeWait, 2000)).toMatchObject({ sampled: 1, closes: [{ item: 'c' }] });
    const unseen = new EventMatcher<string>();
    const out = unseen.settle([], unseen.prepare([ev(RST_CLIENT)]), noTimeWait, 2000);
    expect(out.unseenTcp).toEqual([{ tuple: expect.objectContaining({ localPort: 44450, remotePort: 0 }), time: 1500, partial: true }]);
  });

  it('counts listeners as not opens, UDP apart from TCP, and ignores unbound sockets', () => {
    const m = new EventMatcher<string>();
    const out = m.settle([], m.prepare([ev(LISTENER), ev(UDP), ev(UNBOUND)]), noTimeWait, 2000);
    expect(out.notOpens).toBe(1);
    expect(out.unseenUdp).toHaveLength(1);
    expect(out.unseenTcp).toHaveLength(0);
  });
});
