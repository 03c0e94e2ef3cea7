/**
 * A test entry: resolves owners of this machine's socket table pass by pass and prints what each
 * pass read, so a test can watch the resolver's negative cache from inside another user and pid
 * namespace. Protocol: opens a listener of its own, runs the cold pass, prints
 * {"ready":true,"port":P}; then reads one line of space-separated ports, runs `passes` more
 * passes (retrying unknowns on every one) and prints them, each with the owner pid of those
 * ports' listeners (null: unknown; -1: not in the table).
 */
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { createLinuxSource } from '../sampler/linux-source';
import { createOwnerResolver } from './owner-resolver';

const passes = Number(process.argv[2] ?? 5);
const table = createLinuxSource({ owners: false });
const resolver = createOwnerResolver({ unknownRetryMs: 0, fullRescanMs: 60_000 });

async function pass(ports: number[]): Promise<{ scanned: number; owners: (number | null)[] }> {
  const { sockets } = await table.sample();
  const { scannedProcesses } = resolver.resolve(sockets);
  const owners = ports.map((port) => {
    const row = sockets.find((s) => s.proto === 'tcp' && s.localPort === port && s.state === 'LISTEN');
    return row === undefined ? -1 : (row.owner?.pid ?? null);
  });
  return { scanned: scannedProcesses, owners };
}

const server = createServer();
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const own = (server.address() as { port: number }).port;
const cold = await pass([own]);
process.stdout.write(`${JSON.stringify({ ready: true, port: own, cold })}\n`);
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const line = await lines.next();
const ports = String(line.value ?? '')
  .split(' ')
  .map(Number);
const results = [];
for (let i = 0; i < passes; i++) results.push(await pass([own, ...ports]));
process.stdout.write(`${JSON.stringify({ pid: process.pid, uid: process.getuid?.() ?? null, passes: results })}\n`);
server.close();
process.stdin.destroy();
