import { describe, expect, it } from 'vitest';
import type { Socket } from '../../../../shared/model';
import { testSocket } from '../../../../shared/filter-fixtures';
import { canClose, closeRequestFor, endRequestFor, lastActionText } from './action-request';

const socket = (p: Partial<Socket>): Socket => testSocket({ localPort: 40000, ...p });

describe('action requests from rows', () => {
  it('ends the distinct known holders of a selection, never a guessed owner', () => {
    const a = { ...socket({ id: 'a' }), owner: { pid: 10, startTime: 1, name: 'node' } };
    const b = { ...socket({ id: 'b' }), owner: { pid: 10, startTime: 1, name: 'node' } };
    const c = { ...socket({ id: 'c' }), owner: { pid: 11, startTime: 2, name: 'py' } };
    const guessed = { ...socket({ id: 'd' }), owner: { pid: 12, startTime: 3, name: 'x', inferred: true } };
    const unknown = { ...socket({ id: 'e' }), owner: null };
    expect(endRequestFor([a, b, c, guessed, unknown])).toEqual({
      kind: 'end-process',
      processes: [
        { pid: 10, startTime: 1 },
        { pid: 11, startTime: 2 },
      ],
    });
    expect(endRequestFor([unknown, guessed])).toBeNull();
  });

  it('offers Close connection… only for an ESTABLISHED TCP row', () => {
    const est = { ...socket({ id: 'x' }), proto: 'tcp' as const, state: 'ESTABLISHED' as const, remotePort: 443 };
    expect(canClose(est)).toBe(true);
    expect(closeRequestFor(est)).toEqual({ kind: 'close-connection', id: 'x' });
    expect(canClose({ ...est, state: 'LISTEN' })).toBe(false);
    expect(canClose({ ...est, proto: 'udp' })).toBe(false);
    expect(closeRequestFor({ ...est, state: 'TIME_WAIT' })).toBeNull();
  });

  it('says the last action in the status line', () => {
    const text = lastActionText({
      time: Date.UTC(2026, 0, 1, 12, 4, 5),
      action: 'end-process',
      target: 'node (pid 4121)',
      outcome: 'still-running',
      message: '',
    });
    expect(text).toMatch(/ended node \(pid 4121\): still running$/);
  });
});
