import { describe, expect, it } from 'vitest';
import { ChurnerSchema } from '../../../shared/churn-model';
import { OwnerChurn, OwnerSockets, topByChurn, topBySockets } from './churners';
import { owner } from './test-rows';

describe('OwnerSockets', () => {
  it('counts sockets per owner, ignores unknown owners and drops an owner with its last socket', () => {
    const s = new OwnerSockets();
    const a = owner(1, 'a');
    s.add(a);
    s.add(a);
    s.add(null);
    expect(s.size).toBe(1);
    s.remove(a);
    s.remove(null);
    expect(s.sockets('1:1000')).toBe(1);
    s.remove(a);
    expect(s.size).toBe(0);
    s.remove(a);
    expect(s.size).toBe(0);
  });
});

describe('OwnerChurn', () => {
  it('sums births and deaths inside the window and forgets them after it', () => {
    const c = new OwnerChurn(10);
    const a = owner(1, 'a');
    c.record(1_000, [a, a], [a]);
    c.record(5_500, [a], []);
    expect(c.get('1:1000')).toMatchObject({ births: 3, deaths: 1 });
    c.record(10_000, [], []);
    expect(c.get('1:1000')).toMatchObject({ births: 3, deaths: 1 });
    c.record(11_000, [], []);
    expect(c.get('1:1000')).toMatchObject({ births: 1, deaths: 0 });
    c.record(15_000, [], []);
    expect(c.get('1:1000')).toBeUndefined();
    expect(c.size).toBe(0);
  });

  it('stays bounded when many short-lived processes churn for ten windows', () => {
    const c = new OwnerChurn(30);
    for (let s = 0; s < 300; s += 1) c.record(s * 1000, [owner(1000 + s, 'job')], [owner(1000 + s, 'job')]);
    expect(c.size).toBe(30);
  });

  it('forgets everything after the clock steps back by a whole window', () => {
    const c = new OwnerChurn(10);
    c.record(100_000, [owner(1, 'a')], []);
    c.record(50_000, [owner(2, 'b')], []);
    expect(c.get('1:1000')).toBeUndefined();
    expect(c.get('2:1000')?.births).toBe(1);
  });
});

describe('top lists', () => {
  it('ranks by sockets and by churn, top 5, ties by pid, reused pid kept apart', () => {
    const sockets = new OwnerSockets();
    const churn = new OwnerChurn(300);
    const old = owner(7, 'old', 100);
    const reused = owner(7, 'new', 200);
    for (let pid = 1; pid <= 6; pid += 1) for (let i = 0; i < pid; i += 1) sockets.add(owner(pid, `p${pid}`));
    sockets.add(reused);
    churn.record(1000, [old, old, old, reused], [old, null]);
    const bySockets = topBySockets(sockets, churn);
    expect(bySockets.map((c) => c.pid)).toEqual([6, 5, 4, 3, 2]);
    const byChurn = topByChurn(sockets, churn);
    expect(byChurn.map((c) => ChurnerSchema.parse(c))).toEqual([
      { pid: 7, name: 'old', sockets: 0, births: 3, deaths: 1 },
      { pid: 7, name: 'new', sockets: 1, births: 1, deaths: 0 },
    ]);
  });
});
