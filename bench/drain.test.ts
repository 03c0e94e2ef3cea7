import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PROC_NET_HEADER, ROW_TRAILER, formatRow } from '../electron/core/sampler/proc-address-test-kit';
import { parseProcNet } from '../electron/core/sampler/linux-proc-net-parse';
import { drainTimeWait, hostTimeWaitRows } from './drain';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A /proc/net folder whose tcp table holds `tw` TIME_WAIT rows and `est` ESTABLISHED ones. */
function table(dir: string, tw: number, est: number): void {
  const row = (slot: number, state: number): string =>
    formatRow({ slot, local: [127, 0, 0, 1], localPort: 40000 + slot, remote: [127, 0, 0, 1], remotePort: 80, state, txQueue: 0, rxQueue: 0, timerKind: state === 6 ? 3 : 0, when: 0, retransmits: 0, uid: 0, timeout: 0, inode: state === 6 ? 0 : 1000 + slot }) + ROW_TRAILER;
  const rows = [...Array.from({ length: tw }, (_, i) => row(i, 6)), ...Array.from({ length: est }, (_, i) => row(tw + i, 1))];
  writeFileSync(join(dir, 'tcp'), `${PROC_NET_HEADER}\n${rows.join('\n')}\n`);
}

describe('waiting out the last run’s TIME_WAIT remnants', () => {
  it('counts TIME_WAIT rows only, and a missing table as none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eph-drain-'));
    dirs.push(dir);
    table(dir, 7, 5);
    expect(hostTimeWaitRows(dir)).toBe(7);
    mkdirSync(join(dir, 'empty'));
    expect(hostTimeWaitRows(join(dir, 'empty'))).toBe(0);
  });

  it('returns once the rows have expired, and gives up at its limit with the count left', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eph-drain-'));
    dirs.push(dir);
    table(dir, 300, 10);
    setTimeout(() => table(dir, 20, 10), 150);
    const drained = await drainTimeWait(100, 5000, dir, 50);
    expect(drained.left).toBe(20);
    expect(drained.waitedMs).toBeLessThan(2000);
    table(dir, 300, 0);
    const stuck = await drainTimeWait(100, 200, dir, 50);
    expect(stuck.left).toBe(300);
    expect(stuck.waitedMs).toBeGreaterThanOrEqual(200);
  });

  it('sees a real TIME_WAIT remnant of a loopback connection the client closed first', async () => {
    const server = createServer((s: Socket) => s.on('end', () => s.end()));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const client = connect(port, '127.0.0.1');
    await new Promise<void>((r) => client.on('connect', r));
    const localPort = client.localPort!;
    await new Promise<void>((r) => {
      client.on('close', () => r());
      client.end();
    });
    server.close();
    // The active closer keeps the remnant (other tests may reuse its local port towards other peers); the host's count includes it.
    const mine = parseProcNet(readFileSync('/proc/net/tcp'), 'tcp').sockets.filter((s) => s.state === 'TIME_WAIT' && s.localPort === localPort && s.remotePort === port);
    expect(mine).toHaveLength(1);
    expect(hostTimeWaitRows()).toBeGreaterThanOrEqual(1);
  });
});
