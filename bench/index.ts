/**
 * Sampler benchmark: Ephemera's Linux procfs sample against its peers, all measured in the same
 * run while child processes hold N loopback connections (2N sockets). Prints a table of medians
 * and ratios against Ephemera's steady sample, or with --json exactly one JSON object.
 * Usage: node out/node/bench.js [--json] [--sizes 1000,10000]
 */
import { readFileSync } from 'node:fs';
import si from 'systeminformation';
import { createLinuxSource } from '../electron/core/sampler/linux-source';
import type { SocketSource } from '../electron/core/sampler/types';
import { PROC_NET_TABLES } from '../electron/core/sampler/linux-proc-net-parse';
import { holdConnections } from './holders';
import { measureNetnsCost, netnsUnavailable } from './netns-load';
import { median, run, timeCommand, timeOnce, timeRuns } from './measure';
import { printTable } from './report';
import type { BenchResult, BenchRun } from './report';

const json = process.argv.includes('--json');
const sizesArg = process.argv[process.argv.indexOf('--sizes') + 1];
const sizes = process.argv.includes('--sizes') && sizesArg ? sizesArg.split(',').map(Number) : [1000, 10000];
const log = (text: string): void => void process.stderr.write(`${text}\n`);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function rawRead(): void {
  for (const table of PROC_NET_TABLES) readFileSync(`/proc/net/${table}`);
}

/** Steady sample and bare read taken in alternation, so machine load hits both alike. */
async function steadyAndRaw(source: SocketSource, reps: number): Promise<{ steady: number[]; raw: number[] }> {
  await source.sample();
  await source.sample();
  const steady: number[] = [];
  const raw: number[] = [];
  for (let i = 0; i < reps; i++) {
    raw.push(await timeOnce(rawRead));
    steady.push(await timeOnce(() => source.sample()));
  }
  return { steady, raw };
}

/**
 * Rows with an owner, by `ss -tunap` and by an Ephemera sample taken right after it: other work
 * on the machine opens and closes sockets, so counts taken seconds apart would not compare.
 */
async function attribution(source: SocketSource): Promise<BenchRun['attributed']> {
  let ssTunap: number | null = null;
  try {
    ssTunap = (await run('ss', ['-tunap'])).split('\n').filter((line) => line.includes('users:')).length;
  } catch {
    // no ss here: its count stays null
  }
  const sample = await source.sample();
  return { ephemera: sample.sockets.filter((s) => s.owner !== null).length, ssTunap };
}

/** Total CPU of this process per 1 Hz tick, sampling every second (steady source). */
async function cpuPerTick(ticks: number): Promise<number> {
  const source = createLinuxSource();
  await source.sample();
  const before = process.cpuUsage();
  for (let i = 0; i < ticks; i++) {
    const started = Date.now();
    await source.sample();
    await sleep(1000 - (Date.now() - started));
  }
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / ticks;
}

async function systeminformation(reps: number, budgetMs: number): Promise<number | null> {
  try {
    return median(await timeRuns(() => si.networkConnections(), reps, budgetMs));
  } catch {
    return null;
  }
}

async function measure(connections: number): Promise<{ run: BenchRun; cpuMsPerTick: number | null }> {
  log(`opening ${connections} loopback connections (${connections * 2} sockets)...`);
  const held = await holdConnections(connections);
  try {
    await sleep(300);
    const big = connections >= 5000;
    log('ephemera cold...');
    const cold = await timeRuns(() => createLinuxSource().sample(), big ? 5 : 9, 15000);
    log('ephemera steady and bare read...');
    const source = createLinuxSource();
    const { steady, raw } = await steadyAndRaw(source, big ? 21 : 31);
    log('systeminformation.networkConnections()...');
    const siMs = await systeminformation(big ? 3 : 5, 20000);
    log('ss -tunap...');
    const ss = await timeCommand('ss', ['-tunap'], big ? 5 : 7, 15000);
    log('lsof -nP -i...');
    const lsof = await timeCommand('lsof', ['-nP', '-i'], 3, 20000);
    const attributed = await attribution(source);
    const cpuMsPerTick = connections === 1000 ? await cpuPerTick(5) : null;
    const measured: BenchRun = {
      sockets: connections * 2,
      medianMs: {
        ephemeraCold: median(cold),
        ephemeraSteady: median(steady),
        rawRead: median(raw),
        systeminformation: siMs,
        ssTunap: ss?.medianMs ?? null,
        lsof: lsof?.medianMs ?? null,
      },
      attributed,
    };
    return { run: measured, cpuMsPerTick };
  } finally {
    await held.stop();
  }
}

async function main(): Promise<void> {
  const result: BenchResult = { runs: [], cpuMsPerTick1k: null };
  for (const size of sizes) {
    const { run, cpuMsPerTick } = await measure(size);
    result.runs.push(run);
    if (cpuMsPerTick !== null) result.cpuMsPerTick1k = cpuMsPerTick;
  }
  const noNetns = netnsUnavailable();
  if (noNetns === null && !process.argv.includes('--no-netns')) {
    log('10 network namespaces x 100 sockets...');
    result.netns = await measureNetnsCost();
    log('the same with net.ipv4.tcp_child_ehash_entries=1024 (namespaces with their own hash table)...');
    result.netnsOwnHash = await measureNetnsCost(10, 21, 1024);
  } else result.netnsSkipped = noNetns ?? 'turned off (--no-netns)';
  if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else printTable(result);
}

main().catch((error: unknown) => {
  log(`bench failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exitCode = 1;
});
