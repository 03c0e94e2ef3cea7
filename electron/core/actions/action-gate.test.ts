import { describe, expect, it } from 'vitest';
import type { PortApi } from '../../../shared/contract';
import { ACTIONS_OFF_TEXT, gateActions } from './action-gate';

const called: string[] = [];
const api = {
  getStatus: async () => (called.push('getStatus'), null),
  previewAction: async () => (called.push('previewAction'), null),
  endProcess: async () => (called.push('endProcess'), null),
  closeConnection: async () => (called.push('closeConnection'), null),
} as unknown as PortApi;

describe('gateActions', () => {
  it('off: every action and the preview answer "actions are off"; reads still pass', async () => {
    const gated = gateActions(api, 'off');
    await expect(gated.endProcess({ pid: 5, startTime: 1, signal: 'term', nonce: 'A'.repeat(24) })).rejects.toThrow(
      ACTIONS_OFF_TEXT,
    );
    await expect(gated.closeConnection({ id: 'x' })).rejects.toThrow(/actions are off/);
    await expect(gated.previewAction({ kind: 'free-port', port: 1, proto: null })).rejects.toThrow(/actions are off/);
    await gated.getStatus({});
    expect(called).toEqual(['getStatus']);
  });

  it('confirmed: an action without a nonce is refused before the service sees it', async () => {
    called.length = 0;
    const gated = gateActions(api, 'confirmed');
    await expect(gated.endProcess({ pid: 5, startTime: 1, signal: 'term' })).rejects.toThrow(
      /one-time confirmation from previewAction/,
    );
    expect(called).toEqual([]);
    await gated.endProcess({ pid: 5, startTime: 1, signal: 'term', nonce: 'A'.repeat(24) });
    await gated.previewAction({ kind: 'free-port', port: 1, proto: null });
    expect(called).toEqual(['endProcess', 'previewAction']);
  });
});
