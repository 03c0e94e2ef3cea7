/**
 * A test entry: samples this machine with the Linux source twice and prints one JSON line,
 * so a test can run the sampler as another user (e.g. nobody) in a child process.
 */
import { createLinuxSource } from '../sampler/linux-source';

const source = createLinuxSource();
const first = await source.sample();
const second = await source.sample();
const rows = second.sockets.map((s) => ({ id: s.id, inode: s.inode, pid: s.owner?.pid ?? null }));
process.stdout.write(
  `${JSON.stringify({ uid: process.getuid?.() ?? null, rows, errors: [...first.errors, ...second.errors] })}\n`,
);
