import { describe, expect, it } from 'vitest';
import type { ChurnSummary } from '../../../shared/churn-model';
import type { Notification } from '../../../shared/contract';
import type { TupleOccupancy } from '../../../shared/exhaustion-model';
import type { Delta, Snapshot, Socket } from '../../../shared/model';
import { META, owner, row } from '../churn/test-rows';
import { EMPTY_CHURN, emptySnapshot } from './service-defaults';
import { createNotifier } from './notifier';

const RANGE = META.ephemeralRange;
const table = (sockets: Socket[]): Snapshot => ({ ...emptySnapshot('h', 'linux'), ephemeralRange: RANGE, sockets });
const delta = (added: Socket[]): Delta => ({
  seq: 2,
  baseSeq: 1,
  time: 0,
  added,
  removed: [],
  changed: [],
  counters: null,
  stats: { births: 0, deaths: 0, eventOnlyBirths: 0, kernelOpens: null, sampleMs: 1 },
});
const tuple = (used: number, forecastSec: number | null = 4): TupleOccupancy => {
  const fraction = used / 100;
  return {
    proto: 'tcp',
    localAddress: '127.0.0.1',
    remoteAddress: '127.0.0.1',
    remotePort: 7000,
    used,
    capacity: 100,
    fraction,
    level: fraction >= 0.9 ? 'critical' : fraction >= 0.7 ? 'warning' : 'ok',
    timeWait: 3,
    timeWaitExpiry: [],
    ratePerSec: 10,
    forecastSec,
  };
};
const withTuples = (...tuples: TupleOccupancy[]): ChurnSummary => ({
  ...EMPTY_CHURN,
  exhaustion: { level: 'ok', capacity: 100, tuples, forecastSec: null, timeWait: { total: 0, expiry: [] } },
});

function setup() {
  const sent: Notification[] = [];
  let now = 0;
  const n = createNotifier({ emit: (x) => sent.push(x), now: () => now });
  return { n, sent, at: (t: number) => (now = t) };
}

describe('createNotifier', () => {
  it('announces a new listener once per port and owner, and says when it sits in the ephemeral range', () => {
    const { n, sent } = setup();
    const web = owner(10, 'web');
    const v4 = row({ lport: 8080, state: 'LISTEN', inode: 1, owner: web });
    const v6 = row({ lport: 8080, local: '::1', state: 'LISTEN', inode: 2, owner: web });
    const dev = row({ lport: 45123, state: 'LISTEN', inode: 3, owner: owner(11, 'vite') });
    n.delta(delta([v4]), table([v4]), true);
    expect(sent).toEqual([]);
    n.delta(delta([v6, dev]), table([v4, v6, dev]), false);
    expect(sent.map((s) => [s.kind, s.level, s.title])).toEqual([
      ['new-listener', 'info', 'New listener on port 8080'],
      ['listener-in-ephemeral', 'warning', 'Listener inside the ephemeral range: 127.0.0.1:45123'],
    ]);
    expect(sent[0]!.body).toBe('web (pid 10) listens on [::1]:8080');
  });

  it('warns when a watched port changes owner, never on the first sight', () => {
    const { n, sent } = setup();
    const a = row({ lport: 5432, state: 'LISTEN', inode: 1, owner: owner(20, 'postgres') });
    const b = row({ lport: 5432, state: 'LISTEN', inode: 2, owner: owner(21, 'impostor') });
    expect(n.setWatched([5432, 80, 5432], table([a]))).toEqual([80, 5432]);
    n.delta(delta([]), table([]), false);
    n.delta(delta([b]), table([b]), false);
    const change = sent.filter((s) => s.kind === 'owner-change');
    expect(change).toHaveLength(1);
    expect(change[0]).toMatchObject({ level: 'warning', title: 'Port 5432 changed owner', body: 'postgres (pid 20) held port 5432; now impostor (pid 21) does' });
  });

  it('warns at 70% and again at 90% for the same tuple, not on every tick, and re-arms once it drains', () => {
    const { n, sent } = setup();
    const steps = [50, 72, 75, 91, 95, 69, 40, 71];
    steps.forEach((used) => n.churn(withTuples(tuple(used)), RANGE));
    expect(sent.map((s) => [s.level, s.title])).toEqual([
      ['warning', 'Ephemeral ports 72% used: tcp 127.0.0.1 → 127.0.0.1:7000'],
      ['critical', 'Ephemeral ports 91% used: tcp 127.0.0.1 → 127.0.0.1:7000'],
      ['warning', 'Ephemeral ports 71% used: tcp 127.0.0.1 → 127.0.0.1:7000'],
    ]);
    expect(sent[0]!.body).toMatch(/^72 of 100 ports of 32768-60999 in use for tcp 127.0.0.1 → 127.0.0.1:7000; 3 in TIME_WAIT; full in about 4.0 s/);
  });

  it('flags a CLOSE_WAIT pile-up once while it lasts', () => {
    const { n, sent } = setup();
    const leak: ChurnSummary = { ...EMPTY_CHURN, flags: { listenersInEphemeral: [], closeWait: [{ owner: owner(30, 'leaky'), count: 40 }], closeWaitThreshold: 16 } };
    [leak, leak, EMPTY_CHURN, leak].forEach((s) => n.churn(s, RANGE));
    expect(sent.map((s) => s.title)).toEqual(['40 sockets in CLOSE_WAIT: leaky (pid 30)', '40 sockets in CLOSE_WAIT: leaky (pid 30)']);
  });

  it('rate-limits each kind and says how many it held back', () => {
    const { n, sent, at } = setup();
    const listeners = Array.from({ length: 8 }, (_, i) => row({ lport: 1000 + i, state: 'LISTEN', inode: 10 + i, owner: owner(40 + i, 'srv') }));
    n.delta(delta(listeners), table(listeners), false);
    expect(sent).toHaveLength(5);
    at(12_000);
    const late = row({ lport: 2000, state: 'LISTEN', inode: 99, owner: owner(60, 'late') });
    n.delta(delta([late]), table([...listeners, late]), false);
    expect(sent).toHaveLength(6);
    expect(sent[5]!.body).toBe('late (pid 60) listens on 127.0.0.1:2000 (3 more like this were held back)');
    expect(new Set(sent.map((s) => s.id)).size).toBe(6);
  });
});
