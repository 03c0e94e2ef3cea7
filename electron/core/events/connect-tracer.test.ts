/**
 * The connect tracepoint source: it says why it cannot run (not root, bpftrace missing, tracefs
 * not mounted), and where it can (root, bpftrace, tracefs: the suite mounts tracefs if needed) a
 * real bpftrace names the exact pid and start time of a short-lived connection from a child
 * process, the whole tuple and the RST-style partial one.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStat } from '../owners/proc-fd';
import { createConnectTracer, tracerUnavailable, TRACE_RUNNING, type ConnectTracer } from './connect-tracer';

describe('tracerUnavailable', () => {
  it('names what is missing, in the order a user fixes it', () => {
    expect(tracerUnavailable('darwin')).toMatch(/needs Linux/);
    expect(tracerUnavailable('linux', { uid: 1000 })).toBe('off: not root (the connect tracepoint needs root)');
    expect(tracerUnavailable('linux', { uid: 0, searchPath: [] })).toBe('off: bpftrace missing');
    expect(tracerUnavailable('linux', { uid: 0, tracefs: ['/nonexistent/tracing'] })).toMatch(/^off: (bpftrace missing|tracefs not mounted)/);
  });

  it('keeps a tracer that cannot run off, saying why, and naming no owner', async () => {
    const tracer = createConnectTracer('linux', { uid: 1000 });
    tracer.start();
    expect(tracer.state()).toBe('off: not root (the connect tracepoint needs root)');
    expect(tracer.ownerOf({ proto: 'tcp', localAddress: '127.0.0.1', localPort: 1, remoteAddress: '127.0.0.1', remotePort: 2 }, false)).toBeNull();
    await tracer.stop();
  });
});

const TRACEFS = '/sys/kernel/tracing/events/sock/inet_sock_set_state';
function canTrace(): string | null {
  if (process.getuid?.() !== 0) return 'needs root';
  if (spawnSync('bpftrace', ['--version']).status !== 0) return 'bpftrace not installed';
  if (!existsSync(TRACEFS)) spawnSync('mount', ['-t', 'tracefs', 'nodev', '/sys/kernel/tracing']);
  return existsSync(TRACEFS) ? null : 'tracefs cannot be mounted';
}
const why = canTrace();

/** Connects to the port, prints its local port, closes at once. */
const CLIENT = `import os, socket, sys
c = socket.create_connection(('127.0.0.1', int(sys.argv[1]))); print(os.getpid(), c.getsockname()[1], flush=True); c.close()`;

/**
 * Binds the given local port (0: any), connects, prints pid, local port and the epoch ms right
 * after connect() returned, then closes with RST (no TIME_WAIT, so the next client may take the
 * same tuple at once).
 */
const RST_CLIENT = `import os, socket, struct, sys, time
c = socket.socket(); c.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); c.bind(('127.0.0.1', int(sys.argv[2])))
c.connect(('127.0.0.1', int(sys.argv[1]))); t = time.time() * 1000; local = c.getsockname()[1]
c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0)); c.close()
print(os.getpid(), local, t, flush=True)`;

async function runRstClient(port: number, local: number): Promise<{ pid: number; localPort: number; connectedAt: number }> {
  const child = spawn('python3', ['-c', RST_CLIENT, String(port), String(local)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise((done) => child.once('exit', done));
  const [pid, localPort, connectedAt] = out.trim().split(' ').map(Number);
  return { pid: pid ?? -1, localPort: localPort ?? -1, connectedAt: connectedAt ?? -1 };
}

describe.skipIf(why !== null)(`a real bpftrace on sock:inet_sock_set_state${why === null ? '' : ` (skipped: ${why})`}`, () => {
  let tracer: ConnectTracer;
  let server: Server;
  beforeAll(async () => {
    server = createServer((s) => s.destroy());
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    tracer = createConnectTracer('linux');
    tracer.start();
    // Compiling the program takes seconds on a busy machine.
    for (let i = 0; i < 600 && tracer.state() !== TRACE_RUNNING; i++) {
      await new Promise((done) => setTimeout(done, 100));
      tracer.drain();
    }
  }, 70_000);
  afterAll(async () => {
    await tracer?.stop();
    server?.close();
  });

  it('names the exact pid and start time of a connection that lived a moment', async () => {
    expect(tracer.state()).toBe(TRACE_RUNNING);
    const port = (server.address() as AddressInfo).port;
    const child = spawn('python3', ['-c', CLIENT, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const started = await new Promise<number>((done) => {
      const poll = setInterval(() => {
        const stat = readStat('/proc', child.pid ?? -1);
        if (typeof stat !== 'string') {
          clearInterval(poll);
          done(stat.startTime);
        }
      }, 1);
    });
    await new Promise((done) => child.once('exit', done));
    const [pid, localPort] = out.trim().split(' ').map(Number);
    let owner = null;
    for (let i = 0; i < 50 && owner === null; i++) {
      await new Promise((done) => setTimeout(done, 100));
      tracer.drain();
      owner = tracer.ownerOf({ proto: 'tcp', localAddress: '127.0.0.1', localPort: localPort ?? 0, remoteAddress: '127.0.0.1', remotePort: port }, false);
    }
    expect(owner).toEqual({ pid, startTime: started, name: 'python3', basis: 'exact' });
    // A RST-cleared client's destroy event keeps only its local port and the peer address.
    expect(tracer.ownerOf({ proto: 'tcp', localAddress: '0.0.0.0', localPort: localPort ?? 0, remoteAddress: '127.0.0.1', remotePort: 0 }, true)?.pid).toBe(pid);
    expect(tracer.stats().connects).toBeGreaterThan(0);
  });

  it('dates each connect by the kernel, so a destroy read before the connect line names its own tenant', async () => {
    const port = (server.address() as AddressInfo).port;
    const first = await runRstClient(port, 0);
    const second = await runRstClient(port, first.localPort);
    expect(second.localPort).toBe(first.localPort);
    await new Promise((done) => setTimeout(done, 300));
    tracer.drain();
    const tuple = { proto: 'tcp' as const, localAddress: '127.0.0.1', localPort: first.localPort, remoteAddress: '127.0.0.1', remotePort: port };
    // A destroy event read 1 ms after the second connect (ss -E is often read before the
    // tracepoint's line arrives): the second tenant, not the first.
    expect(tracer.ownerOf(tuple, false, Math.ceil(second.connectedAt) + 1)?.pid).toBe(second.pid);
    expect(tracer.ownerOf({ ...tuple, localAddress: '0.0.0.0', remotePort: 0 }, true, Math.ceil(second.connectedAt) + 1)?.pid).toBe(second.pid);
    // The first tenant's own destroy, before the second connected, keeps the first owner.
    expect(tracer.ownerOf(tuple, false, Math.ceil(first.connectedAt) + 1)?.pid).toBe(first.pid);
  });
});
