import { describe, expect, it } from 'vitest';
import { matchSocket, parseFilter, type FilterContext, type SocketFilter } from './filter';
import type { Socket } from './model';

const sock = (remoteAddress: string, remotePort: number): Socket => ({
  id: `tcp|10.0.0.1|40000|${remoteAddress}|${remotePort}|1`, proto: 'tcp', family: 4, localAddress: '10.0.0.1', localPort: 40000,
  remoteAddress, remotePort, state: 'ESTABLISHED', inode: 1, uid: 1000, txQueue: 0, rxQueue: 0, timer: null, owner: null,
});
const names: Record<string, string> = { '140.82.112.3': 'lb-140-82-112-3-iad.github.com', '127.0.0.1': 'localhost' };
const ctx: FilterContext = { ephemeralRange: { low: 32768, high: 60999 }, hostName: (a: string) => names[a] ?? null };
const parsed = (q: string): SocketFilter => {
  const r = parseFilter(q);
  if (!r.ok) throw new Error(r.error);
  return r.filter;
};
const rows = [sock('140.82.112.3', 443), sock('127.0.0.1', 8080), sock('8.8.8.8', 53)];
const hits = (q: string, c = ctx) => rows.filter((s) => matchSocket(parsed(q), s, c)).map((s) => s.remoteAddress);

describe('remote: with host names', () => {
  it('matches a glob over the names the service found', () => {
    expect(hits('remote:*.github.com')).toEqual(['140.82.112.3']);
    expect(hits('remote:LOCALHOST')).toEqual(['127.0.0.1']);
    expect(hits('remote:localhost:8080')).toEqual(['127.0.0.1']);
    expect(hits('remote:localhost:443')).toEqual([]);
    expect(hits('remote:lb-???-*')).toEqual(['140.82.112.3']);
  });

  it('mixes names and addresses in one list, and negates', () => {
    expect(hits('remote:*.github.com,8.8.8.8')).toEqual(['140.82.112.3', '8.8.8.8']);
    expect(hits('-remote:*.github.com')).toEqual(['127.0.0.1', '8.8.8.8']);
  });

  it('matches nothing by name before a name is known, and addresses still parse as addresses', () => {
    expect(hits('remote:*.github.com', { ...ctx, hostName: () => undefined })).toEqual([]);
    expect(hits('remote:127.0.0.1')).toEqual(['127.0.0.1']);
    expect(parseFilter('remote:fe80::1').ok).toBe(true);
    const bad = parseFilter('remote:10.0.0.500');
    expect(bad.ok ? '' : bad.error).toContain("'10.0.0.500' is not an IP address");
    const badName = parseFilter('remote:exa$mple.com');
    expect(badName.ok).toBe(false);
  });
});
