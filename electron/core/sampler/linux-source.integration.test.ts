import { readFileSync } from 'node:fs';
import type { AddressInfo, Server, Socket as NetSocket } from 'node:net';
import { createServer, connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseProcStat } from '../owners/proc-stat';
import { createLinuxSource } from './linux-source';

const open: Array<Server | NetSocket> = [];

function listen(host: string): Promise<Server> {
  const server = createServer((s) => open.push(s));
  open.push(server);
  return new Promise((resolve) => server.listen(0, host, () => resolve(server)));
}

afterEach(() => {
  for (const handle of open.splice(0)) {
    if ('destroy' in handle) handle.destroy();
    else handle.close();
  }
});

const self = parseProcStat(readFileSync('/proc/self/stat', 'latin1'));

describe('linux source on this machine', () => {
  it('samples a real 127.0.0.1 listener with this process as owner', async () => {
    const server = await listen('127.0.0.1');
    const port = (server.address() as AddressInfo).port;
    const sample = await createLinuxSource().sample();
    const row = sample.sockets.find((s) => s.proto === 'tcp' && s.localPort === port && s.state === 'LISTEN');
    expect(row).toMatchObject({ family: 4, localAddress: '127.0.0.1', remoteAddress: '0.0.0.0', remotePort: 0 });
    expect(row?.owner).toEqual({ pid: process.pid, startTime: self?.startTime, name: self?.comm, ppid: self?.ppid, basis: 'exact' });
    expect(row?.inode).toBeGreaterThan(0);
    expect(sample.counters?.activeOpens).toBeGreaterThanOrEqual(0);
  });

  it('keeps owners across samples and attributes a connection opened in between', async () => {
    const server = await listen('::1');
    const port = (server.address() as AddressInfo).port;
    const source = createLinuxSource();
    await source.sample();
    const accepted = new Promise((resolve) => server.once('connection', resolve));
    const client = connect({ host: '::1', port });
    open.push(client);
    await accepted;
    const sample = await source.sample();
    const ours = sample.sockets.filter((s) => s.localPort === port || s.remotePort === port);
    // The listener, the client side and the accepted side: all ours, all IPv6 loopback.
    expect(ours.map((s) => s.state).sort()).toEqual(['ESTABLISHED', 'ESTABLISHED', 'LISTEN']);
    for (const s of ours) {
      expect(s.localAddress).toBe('::1');
      expect(s.owner?.pid).toBe(process.pid);
    }
    source.close?.();
  });
});
