import { describe, expect, it } from 'vitest';
import { DeltaGapError } from '../../../shared/apply-delta';
import { createSocketStore } from './socket-store';
import { GHOST_MS } from './table-row';
import { testSocket } from '../../../shared/filter-fixtures';
import { EMPTY_CHURN, testDelta, testSnapshot } from './test-sockets';

const churn = EMPTY_CHURN;

/** A store on a hand-driven clock with frames and timers run explicitly. */
function harness() {
  let clock = 0;
  const frames: Array<() => void> = [];
  const timers: Array<{ at: number; fn: () => void }> = [];
  const store = createSocketStore({
    now: () => clock,
    schedule: (f) => frames.push(f),
    timer: (fn, ms) => {
      const t = { at: clock + ms, fn };
      timers.push(t);
      return () => timers.splice(timers.indexOf(t), 1);
    },
  });
  return {
    store,
    frames,
    advance(ms: number) {
      clock += ms;
      for (const t of timers.filter((x) => x.at <= clock)) {
        timers.splice(timers.indexOf(t), 1);
        t.fn();
      }
    },
    frame() {
      for (const f of frames.splice(0)) f();
    },
  };
}

const a = testSocket({ localPort: 40001 });
const b = testSocket({ localPort: 40002 });

describe('socket store', () => {
  it('counts filters preset from elsewhere, never those the filter box typed', () => {
    const h = harness();
    h.store.load({ snapshot: testSnapshot([a, b]), churn });
    h.store.setFilter('lport:4000', 'input');
    h.store.setFilter('lport:40002', 'input');
    h.frame();
    expect(h.store.getState()).toMatchObject({ filterText: 'lport:40002', filterPresets: 0 });
    expect(h.store.getState().rows.map((r) => r.id)).toEqual([b.id]);
    h.store.setFilter('pid:none');
    h.frame();
    expect(h.store.getState()).toMatchObject({ filterText: 'pid:none', filterPresets: 1 });
  });

  it('coalesces many mutations into one flush per frame', () => {
    const h = harness();
    let renders = 0;
    h.store.subscribe(() => (renders += 1));
    h.store.load({ snapshot: testSnapshot([a, b]), churn });
    h.store.setFilter('lport:40001');
    h.store.setChurn(churn);
    expect(h.frames).toHaveLength(1);
    h.frame();
    expect(renders).toBe(1);
    expect(h.store.getState().rows.map((r) => r.id)).toEqual([a.id]);
    expect(h.store.getState().meta?.host).toBe('test-host');
  });

  it('keeps the selection on a closed row while its ghost lives, then drops it', () => {
    const h = harness();
    h.store.load({ snapshot: testSnapshot([a, b]), churn });
    h.store.select(b.id);
    h.store.applyDelta(testDelta(1, { removed: [b] }));
    h.frame();
    expect(h.store.getState().selection.primary).toBe(b.id);
    expect(h.store.getState().rows.find((r) => r.id === b.id)?.status).toBe('closed');
    h.advance(GHOST_MS + 400);
    h.frame();
    expect(h.store.getState().rows.map((r) => r.id)).toEqual([a.id]);
    expect(h.store.getState().selection.primary).toBeNull();
  });

  it('records the tick and throws on a gap so the connector resubscribes', () => {
    const h = harness();
    h.store.load({ snapshot: testSnapshot([a]), churn });
    h.store.applyDelta(testDelta(1, { added: [b] }));
    h.frame();
    expect(h.store.getState().meta?.lastTick?.births).toBe(1);
    expect(h.store.getState().meta?.seq).toBe(2);
    expect(() => h.store.applyDelta(testDelta(5, {}))).toThrow(DeltaGapError);
  });

  it('selects a port from the map: the first shown row with that local port, revealed', () => {
    const h = harness();
    h.store.load({ snapshot: testSnapshot([a, b]), churn });
    expect(h.store.selectPort(40002)).toBe(true);
    expect(h.store.selectPort(40999)).toBe(false);
    h.frame();
    const sel = h.store.getState().selection;
    expect(sel.primary).toBe(b.id);
    expect(sel.reveal).toBe(1);
  });

  it('selects the live socket on a port before the closed ghost of an earlier one', () => {
    const h = harness();
    const old = testSocket({ localPort: 40003, inode: 7001, state: 'LISTEN' });
    const restarted = testSocket({ localPort: 40003, inode: 7002, state: 'LISTEN' });
    h.store.load({ snapshot: testSnapshot([a, old]), churn });
    h.store.applyDelta(testDelta(1, { removed: [old], added: [restarted] }));
    h.frame();
    const ghost = h.store.getState().rows.find((r) => r.id === old.id);
    expect(ghost?.status).toBe('closed');
    expect(h.store.selectPort(40003)).toBe(true);
    h.frame();
    expect(h.store.getState().selection.primary).toBe(restarted.id);
    // Only the ghost left on the port: it is still the port's row.
    h.store.applyDelta(testDelta(2, { removed: [restarted] }));
    h.frame();
    expect(h.store.selectPort(40003)).toBe(true);
    h.frame();
    expect([old.id, restarted.id]).toContain(h.store.getState().selection.primary);
  });

  it('keeps notifications newest first and bounded', () => {
    const h = harness();
    for (let i = 0; i < 25; i += 1) {
      h.store.pushNotification({ id: `n${i}`, time: i, kind: 'exhaustion', level: 'warning', title: 't', body: 'b' });
    }
    h.store.dismissNotification('n24');
    h.frame();
    const ids = h.store.getState().notifications.map((n) => n.id);
    expect(ids[0]).toBe('n23');
    expect(ids).toHaveLength(19);
  });
});
