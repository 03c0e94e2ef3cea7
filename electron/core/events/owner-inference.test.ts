import { describe, expect, it } from 'vitest';
import type { Owner, Proto } from '../../../shared/model';
import { owner, row } from '../churn/test-rows';
import { INFERENCE_HORIZON_MS, LONE_SIGHTINGS, OwnerInference, type PortHolder } from './owner-inference';

const server = owner(100, 'nginx');
const client = owner(200, 'curl');
const other = owner(300, 'wget');
const noHolder: PortHolder = () => null;
/** Observes a client connection as often as it takes to be a destination's lone client. */
function observeAlone(inf: OwnerInference, s: Parameters<OwnerInference['observeClient']>[0], who: Owner, time: number): void {
  for (let i = 0; i < LONE_SIGHTINGS; i++) inf.observeClient(s, who, time);
}
const tuple = (localPort: number, remoteAddress: string, remotePort: number, proto: Proto = 'tcp') => ({
  proto,
  localAddress: '127.0.0.1',
  localPort,
  remoteAddress,
  remotePort,
});

describe('OwnerInference', () => {
  it('names the listener on the local port first, always marked inferred', () => {
    const inf = new OwnerInference(noHolder);
    inf.observeServer(row({ lport: 8080, state: 'LISTEN', inode: 1, owner: server }), 'add');
    expect(inf.infer(tuple(8080, '127.0.0.1', 45000), false, 0)).toEqual({
      owner: { ...server, inferred: true, basis: 'inferred-unique' },
      basis: 'listener',
    });
  });

  it('does not guess between the holders of a shared listener, nor between two clients of one destination', () => {
    const inf = new OwnerInference(noHolder);
    const worker = { ...server, pid: 101, ppid: 100 };
    inf.observeServer({ ...row({ lport: 8080, state: 'LISTEN', inode: 1, owner: server }), owners: [server, worker] }, 'add');
    expect(inf.infer(tuple(8080, '127.0.0.1', 45000), false, 0)).toBeNull();
    observeAlone(inf, row({ lport: 45001, remote: '10.0.0.9', rport: 443, owner: client }), client, 0);
    expect(inf.infer(tuple(45002, '10.0.0.9', 443), false, 0)?.owner).toMatchObject({ pid: 200, basis: 'inferred-unique' });
    inf.observeClient(row({ lport: 45003, remote: '10.0.0.9', rport: 443, owner: other }), other, 10);
    expect(inf.infer(tuple(45004, '10.0.0.9', 443), false, 20)).toBeNull();
  });

  it('learns a listener owner resolved after its row appeared, and forgets it when the last row leaves', () => {
    const inf = new OwnerInference(noHolder);
    const v4 = row({ lport: 8080, state: 'LISTEN', inode: 1 });
    const v6 = row({ lport: 8080, local: '::1', state: 'LISTEN', inode: 2, owner: server });
    inf.observeServer(v4, 'add');
    expect(inf.infer(tuple(8080, '127.0.0.1', 45000), false, 0)).toBeNull();
    inf.observeServer({ ...v4, owner: server }, 'update');
    inf.observeServer(v6, 'add');
    inf.observeServer(v4, 'remove');
    expect(inf.infer(tuple(8080, '127.0.0.1', 45000), false, 0)?.owner.pid).toBe(100);
    inf.observeServer(v6, 'remove');
    expect(inf.isServerPort('tcp', 8080)).toBe(false);
  });

  it('names the process last seen connecting to the same destination, but never a server side', () => {
    const inf = new OwnerInference(noHolder);
    inf.observeServer(row({ lport: 8080, state: 'LISTEN', inode: 1, owner: server }), 'add');
    observeAlone(inf, row({ lport: 45000, rport: 8080, inode: 2 }), client, 0);
    inf.observeClient(row({ lport: 8080, rport: 45001, inode: 3 }), server, 0);
    expect(inf.infer(tuple(45002, '127.0.0.1', 8080), false, 0)).toMatchObject({ owner: { pid: 200 }, basis: 'destination' });
    expect(inf.infer(tuple(45003, '127.0.0.1', 45001), false, 0)).toBeNull();
  });

  it('for an RST client knows only the peer address, and names a client there only while it is alone', () => {
    const inf = new OwnerInference(noHolder);
    inf.observeClient(row({ lport: 45000, remote: '10.0.0.5', rport: 443, inode: 2 }), client, 0);
    // Seen once: too little to call it the address's only client.
    expect(inf.infer(tuple(45009, '10.0.0.5', 0), true, 0)).toBeNull();
    observeAlone(inf, row({ lport: 45000, remote: '10.0.0.5', rport: 443, inode: 2 }), client, 0);
    const rst = tuple(45009, '10.0.0.5', 0);
    expect(inf.infer(rst, true, 0)).toMatchObject({ owner: { pid: 200 }, basis: 'destination' });
    inf.observeClient(row({ lport: 45001, remote: '10.0.0.5', rport: 80, inode: 3 }), other, 1000);
    expect(inf.infer(rst, true, 1000)).toBeNull();
    observeAlone(inf, row({ lport: 45002, remote: '10.0.0.5', rport: 80, inode: 4 }), other, 1000 + INFERENCE_HORIZON_MS + 1);
    expect(inf.infer(rst, true, 1000 + INFERENCE_HORIZON_MS + 1)?.owner.pid).toBe(300);
  });

  it('falls back to the process holding the local port now, never to a past or inferred holder', () => {
    let holder: { owner: Owner; to: number | null; remote: string } | null = { owner: client, to: null, remote: '0.0.0.0:0' };
    const inf = new OwnerInference(() => holder);
    const t = tuple(45000, '192.0.2.1', 443);
    expect(inf.infer(t, false, 10_000)).toMatchObject({ owner: { pid: 200, basis: 'inferred-guess' }, basis: 'port-holder' });
    // Its tenancy over: the port's next tenant is as often another process, so no guess.
    holder = { owner: client, to: 10_000, remote: '0.0.0.0:0' };
    expect(inf.infer(t, false, 10_001)).toBeNull();
    holder = { owner: { ...client, inferred: true }, to: null, remote: '0.0.0.0:0' };
    expect(inf.infer(t, false, 0)).toBeNull();
  });

  it('takes no port holder whose socket on that port is connected to another peer', () => {
    // Linux shares an ephemeral port among connections to different peers, of any process.
    const holder = { owner: other, to: null, remote: '127.0.0.1:41279' };
    const inf = new OwnerInference(() => holder);
    expect(inf.infer(tuple(46492, '127.0.0.1', 39001), false, 0)).toBeNull();
    expect(inf.infer(tuple(46492, '127.0.0.1', 41279), false, 0)).toMatchObject({ owner: { pid: 300 }, basis: 'port-holder' });
  });
});
