import { describe, expect, it } from 'vitest';
import type { ServerMessage } from '../../shared/web-protocol';
import { createEventGate } from './event-gate';

function setup() {
  let queued = 0;
  const sent: ServerMessage[] = [];
  const stats = { droppedEvents: 0, droppedDeltas: 0, resyncs: 0 };
  const gate = createEventGate(() => queued, (m) => sent.push(m), 1000, stats);
  return { gate, sent, stats, setQueued: (n: number) => (queued = n) };
}

describe('event gate', () => {
  it('passes events while the client keeps up', () => {
    const { gate, sent, stats } = setup();
    gate.deliver('delta', { seq: 1 });
    gate.deliver('status', { x: 1 });
    expect(sent.map((m) => m.t === 'event' && m.event)).toEqual(['delta', 'status']);
    expect(stats).toEqual({ droppedEvents: 0, droppedDeltas: 0, resyncs: 0 });
  });

  it('drops past the cap, keeps dropping deltas until a resubscribe, and asks for one once drained', () => {
    const { gate, sent, stats, setQueued } = setup();
    setQueued(1001);
    gate.deliver('churn', {});
    gate.deliver('delta', { seq: 2 });
    expect(sent).toEqual([]);
    setQueued(600);
    gate.deliver('delta', { seq: 3 });
    expect(sent).toEqual([]);
    setQueued(250);
    gate.deliver('delta', { seq: 4 });
    gate.deliver('status', {});
    gate.deliver('delta', { seq: 5 });
    expect(sent.map((m) => m.t)).toEqual(['resync', 'event']);
    expect(stats).toEqual({ droppedEvents: 2, droppedDeltas: 4, resyncs: 1 });
    gate.reset();
    gate.deliver('delta', { seq: 9 });
    expect(sent.at(-1)).toEqual({ t: 'event', event: 'delta', payload: { seq: 9 } });
  });

  it('treats a delta lost upstream like one dropped here', () => {
    const { gate, sent } = setup();
    gate.lose();
    gate.deliver('delta', { seq: 1 });
    expect(sent.map((m) => m.t)).toEqual(['resync']);
  });
});
