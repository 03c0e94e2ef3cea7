/**
 * The namespace cost in the sampler benchmark: 10 network namespaces (`ip netns add`, root only),
 * each with one process holding 100 loopback sockets (50 connections to itself), measured as
 * the steady sample with namespaces read against the same sample with them off, in alternation.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createLinuxSource } from '../electron/core/sampler/linux-source';
import { median, timeOnce } from './measure';

/** What the namespaces added to a steady sample. */
export interface NetnsCost {
  namespaces: number;
  socketsEach: number;
  /** Median steady sample with every namespace read, and with namespaces off. */
  withMs: number;
  withoutMs: number;
  addedMs: number;
}

const HOLDER = `
import socket, sys
s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(128)
port = s.getsockname()[1]
held = []
for i in range(49):
    c = socket.create_connection(('127.0.0.1', port)); a, _ = s.accept(); held += [c, a]
print(len(held) + 1, flush=True)
sys.stdin.read()
`;

/** Why the namespace cost cannot be measured here, or null. */
export function netnsUnavailable(): string | null {
  if (process.getuid?.() !== 0) return 'needs root to create network namespaces';
  return spawnSync('ip', ['-V']).status === 0 ? null : 'needs the ip command (iproute2)';
}

const CHILD_EHASH = '/proc/sys/net/ipv4/tcp_child_ehash_entries';

/**
 * Sets up `count` namespaces, measures, and removes them. Each /proc/<pid>/net/tcp read walks the
 * TCP established hash its namespace uses, which by default is the host's (262,144 buckets here)
 * whatever the namespace holds. `childEhash` sets net.ipv4.tcp_child_ehash_entries while the
 * namespaces are created (then puts it back), so they get small tables of their own, as a host
 * configured that way gives its containers.
 */
export async function measureNetnsCost(count = 10, reps = 21, childEhash?: number): Promise<NetnsCost> {
  const names = Array.from({ length: count }, (_, i) => `eph-i10-bench-${process.pid}-${i}`);
  const children: ChildProcess[] = [];
  const before = childEhash === undefined ? null : readFileSync(CHILD_EHASH, 'utf8').trim();
  try {
    let each = 0;
    if (childEhash !== undefined) writeFileSync(CHILD_EHASH, String(childEhash));
    for (const name of names) spawnSync('ip', ['netns', 'add', name]);
    if (before !== null) writeFileSync(CHILD_EHASH, before);
    for (const name of names) {
      spawnSync('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
      const child = spawn('ip', ['netns', 'exec', name, 'python3', '-c', HOLDER], { stdio: ['pipe', 'pipe', 'inherit'] });
      children.push(child);
      const line = await createInterface({ input: child.stdout! })[Symbol.asyncIterator]().next();
      each = Number(String(line.value).trim());
    }
    const withNs = createLinuxSource();
    const without = createLinuxSource({ namespaces: false });
    for (const s of [withNs, without, withNs, without]) await s.sample();
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < reps; i++) {
      a.push(await timeOnce(() => withNs.sample()));
      b.push(await timeOnce(() => without.sample()));
    }
    const withMs = median(a);
    const withoutMs = median(b);
    return { namespaces: count, socketsEach: each, withMs, withoutMs, addedMs: withMs - withoutMs };
  } finally {
    if (before !== null) writeFileSync(CHILD_EHASH, before);
    for (const child of children) {
      child.stdin?.end();
      child.kill();
    }
    for (const name of names) spawnSync('ip', ['netns', 'del', name]);
  }
}
