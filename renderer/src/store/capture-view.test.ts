import { describe, expect, it } from 'vitest';
import type { Capture } from '../../../shared/capture';
import { testSocket } from '../../../shared/filter-fixtures';
import { createSocketStore } from './socket-store';
import { EMPTY_CHURN, testDelta, testSnapshot } from './test-sockets';

/** A capture as parseCapture answers it: three rows from another machine, two of them UDP. */
function capture(): Capture {
  const sockets = [
    testSocket({ localPort: 53, proto: 'udp', state: 'UNCONN' }),
    testSocket({ localPort: 5353, proto: 'udp', state: 'UNCONN' }),
    testSocket({ localPort: 22, state: 'LISTEN' }),
  ];
  return {
    name: 'tulpn.txt',
    sockets,
    ephemeralRange: { low: 32768, high: 60999, source: 'default', origin: 'not in the capture: the Linux default' },
    source: {
      format: 'linux-netstat', formats: [{ format: 'linux-netstat', rows: 3 }], encoding: 'ascii',
      linesRead: 4, rowsKept: 3, linesSkipped: 1, skippedBy: { header: 1 }, skippedSample: [], portUnknownRows: 0,
    },
  };
}

function store() {
  let clock = 1000;
  const s = createSocketStore({ now: () => clock, schedule: () => {}, timer: () => () => {} });
  return { s, tick: (ms: number) => (clock += ms) };
}

describe('a capture in the store', () => {
  const live = testSocket({ localPort: 40001 });

  it('replaces the shown rows and facts, keeps applying live deltas behind it, and goes back to live', () => {
    const { s } = store();
    s.load({ snapshot: testSnapshot([live], 1), churn: EMPTY_CHURN });
    s.setFilter('proto:udp');
    s.flush();
    expect(s.getState().capture).toBeNull();
    s.openCapture(capture());
    s.flush();
    const shown = s.getState();
    expect(shown.capture?.banner).toBe('capture: tulpn.txt, Linux netstat, 3 rows, taken elsewhere');
    expect(shown.live.size).toBe(3);
    expect(shown.rows).toHaveLength(2);
    expect(shown.meta).toMatchObject({ host: 'tulpn.txt', platform: 'capture', ephemeralRange: { low: 32768, high: 60999 } });
    const added = testSocket({ localPort: 40002, proto: 'udp' });
    s.applyDelta(testDelta(1, { added: [added] }));
    s.flush();
    expect(s.getState().live.has(added.id)).toBe(false);
    s.closeCapture();
    s.flush();
    const back = s.getState();
    expect(back.capture).toBeNull();
    expect(back.live.has(added.id) && back.live.has(live.id)).toBe(true);
    expect(back.filterText).toBe('proto:udp');
  });
});
