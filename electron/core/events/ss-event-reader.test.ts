/**
 * The reader against real processes: the machine's own `ss -E` with real loopback sockets, and
 * small shell scripts standing in for an ss that crashes, floods, or stops mid-line.
 */
import { once } from 'node:events';
import { connect, createServer, type Server } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sleep, waitFor } from '../sampler/worker-test-kit';
import { createSsEventReader, defaultCommand, NO_SS_STATE, RUNNING_STATE, STARTING_STATE, type DestroyEventReader } from './ss-event-reader';

const LINE = 'tcp   UNCONN 0      0          127.0.0.1:37903    127.0.0.1:50624 ino:0 sk:acba';
const hasSs = defaultCommand((process.env.PATH ?? '').split(':').concat('/usr/sbin', '/sbin')) !== null;
let reader: DestroyEventReader | null = null;

afterEach(async () => {
  await reader?.stop();
  reader = null;
});

function track(options: Parameters<typeof createSsEventReader>[0]): { reader: DestroyEventReader; states: string[]; at: number[] } {
  const states: string[] = [];
  const at: number[] = [];
  reader = createSsEventReader({ ...options, onState: (s) => (states.push(s), at.push(performance.now())) });
  return { reader, states, at };
}

describe.skipIf(!hasSs)('ss -E reader on this machine', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createServer((s) => s.on('error', () => undefined).on('end', () => s.end()));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as { port: number }).port;
    return () => void server.close();
  });

  it('reads the destroy events of a connection closed with RST and one closed with FIN', async () => {
    const { reader: r, states } = track({});
    r.start();
    await waitFor(() => r.state() === RUNNING_STATE, 3000, 'ss to run');
    await sleep(200); // ss subscribes to the netlink group after it starts
    const rst = connect(port, '127.0.0.1');
    await once(rst, 'connect');
    const rstPort = rst.localPort!;
    rst.resetAndDestroy();
    const fin = connect(port, '127.0.0.1');
    await once(fin, 'connect');
    const finPort = fin.localPort!;
    fin.end();
    await once(fin, 'close');
    const ours = () => r.drain(Date.now()).events.filter((e) => e.localPort === port || e.remotePort === port || e.localPort === rstPort);
    const seen: ReturnType<typeof ours> = [];
    await waitFor(() => (seen.push(...ours()), seen.length >= 4), 3000, 'four destroy events');
    const text = seen.map((e) => `${e.localAddress}:${e.localPort}>${e.remoteAddress}:${e.remotePort}`).sort();
    // The RST client keeps only its port and peer address; its server side has the whole tuple.
    expect(text).toEqual(
      [
        `0.0.0.0:${rstPort}>127.0.0.1:0`,
        `127.0.0.1:${port}>127.0.0.1:${rstPort}`,
        `127.0.0.1:${finPort}>127.0.0.1:${port}`,
        `127.0.0.1:${port}>127.0.0.1:${finPort}`,
      ].sort(),
    );
    expect(states).toEqual([STARTING_STATE, RUNNING_STATE]);
    const pid = r.pid();
    await r.stop();
    expect(r.state()).toBe('off: stopped');
    expect(r.pid()).toBeNull();
    expect(() => process.kill(pid!, 0)).toThrow();
  });
});

describe('ss -E reader lifecycle', () => {
  it("says 'off: ss not found' and never spawns where ss is missing", async () => {
    const { reader: r, states } = track({ searchPath: ['/nonexistent-dir'] });
    expect(r.state()).toBe(NO_SS_STATE);
    r.start();
    await sleep(50);
    expect(r.pid()).toBeNull();
    expect(states).toEqual([]);
    expect(r.drain(Date.now()).events).toEqual([]);
  });

  it('restarts a dying ss with a doubling delay, naming the exit code and its last stderr line', async () => {
    const script = `echo '${LINE}'; echo 'Cannot open netlink socket: Protocol not supported' >&2; exit 3`;
    const { reader: r, states, at } = track({ command: ['sh', '-c', script], backoff: { initialMs: 100, maxMs: 1000 } });
    r.start();
    await waitFor(() => states.filter((s) => s.startsWith('restarting')).length >= 3, 3000, 'three restarts');
    // running → restarting → running …: the time spent restarting doubles (100, 200 ms)
    const waits = [at[3]! - at[2]!, at[5]! - at[4]!];
    expect(waits[0]).toBeGreaterThanOrEqual(95);
    expect(waits[1]).toBeGreaterThanOrEqual(195);
    expect(states[0]).toBe(STARTING_STATE);
    expect(states[1]).toBe(RUNNING_STATE);
    expect(states[2]).toBe('restarting in 1s: ss exited with code 3: Cannot open netlink socket: Protocol not supported');
    expect(r.drain(Date.now()).events.length).toBeGreaterThanOrEqual(3);
    await r.stop('paused');
    expect(r.state()).toBe('off: paused');
    const settled = states.length;
    await sleep(300);
    expect(states).toHaveLength(settled);
  });

  it('names a command that cannot run at all', async () => {
    const { reader: r } = track({ command: ['/nonexistent/ss'], backoff: { initialMs: 5000 } });
    r.start();
    await waitFor(() => r.state().startsWith('restarting'), 2000, 'a restart');
    expect(r.state()).toMatch(/^restarting in 5s: could not run \/nonexistent\/ss: .*ENOENT/);
  });

  it('under a flood keeps at most the cap and counts the rest', async () => {
    const { reader: r } = track({ command: ['sh', '-c', `yes '${LINE}' | head -n 30000`], bufferCap: 1000, backoff: { initialMs: 60_000 } });
    r.start();
    let events = 0;
    let aggregated = 0;
    await waitFor(
      () => {
        const b = r.drain(Date.now());
        events += b.events.length;
        aggregated += b.aggregated;
        return events + aggregated >= 30000;
      },
      5000,
      'all lines counted',
    );
    expect(events + aggregated).toBe(30000);
    expect(aggregated).toBeGreaterThan(0);
  });

  it('refuses a last line cut short by the exit and counts kernel drops from stderr', async () => {
    const script = `printf '%s\\n%s' '${LINE}' '${LINE.slice(0, 50)}'; echo 'netlink receive error No buffer space available (105)' >&2`;
    const { reader: r } = track({ command: ['sh', '-c', script], backoff: { initialMs: 60_000 } });
    r.start();
    await waitFor(() => r.state().startsWith('restarting'), 2000, 'the exit');
    const b = r.drain(Date.now());
    expect(b.events).toHaveLength(1);
    expect(b).toMatchObject({ malformed: 1, firstError: 'a line cut short when ss stopped', kernelDrops: 1 });
  });
});
