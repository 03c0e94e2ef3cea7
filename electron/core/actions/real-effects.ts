/**
 * The real machine behind the actions: process.kill, spawning taskkill and ss, reading
 * capabilities and the kernel config, and a real bind attempt. Kept apart from the decisions
 * (end-process.ts, close-connection.ts, port-check.ts) so those stay plain, tested functions.
 */
import { execFile } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { release } from 'node:os';
import { gunzipSync } from 'node:zlib';
import type { BindProbe } from '../../../shared/action-model';
import type { Proto } from '../../../shared/model';
import type { CloserEffects } from './close-connection';
import type { EnderEffects, RunOutput } from './end-process';
import { factsReader } from './process-facts';
import { ownGuardContext } from './process-guard';

/** Runs a command with a 10 s bound; never rejects. */
export function runCommand(command: string, args: readonly string[]): Promise<RunOutput> {
  return new Promise((resolve) => {
    execFile(
      command,
      [...args],
      { timeout: 10_000, maxBuffer: 4 * 1024 * 1024, encoding: 'utf8', windowsHide: true },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        const failed =
          error !== null && typeof error.code === 'string'
            ? { error: error.code === 'ENOENT' ? `${command} not found` : error.message }
            : {};
        resolve({ code, stdout, stderr, ...failed });
      },
    );
  });
}

/** CAP_NET_ADMIN is bit 12 of the capability sets in /proc/self/status. */
export function hasNetAdmin(statusText: string): boolean {
  const m = /^CapEff:\s+([0-9a-f]+)/im.exec(statusText);
  return m !== null && (BigInt(`0x${m[1]}`) & (1n << 12n)) !== 0n;
}

/** 'yes' / 'no' from a kernel config text, 'unknown' when it does not mention the option. */
export function destroySupportIn(config: string): 'yes' | 'no' | 'unknown' {
  if (/^CONFIG_INET_DIAG_DESTROY=y/m.test(config)) return 'yes';
  if (/^# CONFIG_INET_DIAG_DESTROY is not set/m.test(config) || /^CONFIG_INET_DIAG=/m.test(config)) return 'no';
  return 'unknown';
}

let kernelSupportCache: Promise<'yes' | 'no' | 'unknown'> | null = null;

async function readKernelSupport(): Promise<'yes' | 'no' | 'unknown'> {
  try {
    return destroySupportIn(gunzipSync(await readFile('/proc/config.gz')).toString('latin1'));
  } catch {
    // no /proc/config.gz: try the distribution's copy
  }
  try {
    return destroySupportIn(await readFile(`/boot/config-${release()}`, 'latin1'));
  } catch {
    return 'unknown';
  }
}

/** The real effects of closeConnection. */
export function realCloserEffects(platform: NodeJS.Platform | string = process.platform): CloserEffects {
  return {
    platform,
    run: runCommand,
    privileged: async () =>
      process.geteuid?.() === 0 || hasNetAdmin(await readFile('/proc/self/status', 'latin1').catch(() => '')),
    kernelSupport: () => (kernelSupportCache ??= readKernelSupport()),
  };
}

/** The real effects of endProcess. */
export function realEnderEffects(platform: NodeJS.Platform | string = process.platform): EnderEffects {
  return {
    platform,
    guard: ownGuardContext(),
    facts: factsReader(platform),
    signal: (pid, signal) => void process.kill(pid, signal),
    run: runCommand,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now: Date.now,
  };
}

function probeTcp(address: string, port: number): Promise<BindProbe> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      resolve(error.code === 'EACCES' ? 'permission-denied' : error.code === 'EADDRINUSE' ? 'in-use' : 'not-checked'),
    );
    server.listen({ host: address, port, exclusive: true, backlog: 1 }, () => server.close(() => resolve('free')));
  });
}

function probeUdp(address: string, port: number): Promise<BindProbe> {
  return new Promise((resolve) => {
    const socket = createSocket({ type: 'udp4', reuseAddr: false });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      socket.close();
      resolve(error.code === 'EACCES' ? 'permission-denied' : error.code === 'EADDRINUSE' ? 'in-use' : 'not-checked');
    });
    socket.bind({ address, port, exclusive: true }, () => socket.close(() => resolve('free')));
  });
}

/** A real, immediately released bind on address:port. */
export function realBindProbe(address: string, port: number, proto: Proto): Promise<BindProbe> {
  return proto === 'tcp' ? probeTcp(address, port) : probeUdp(address, port);
}
