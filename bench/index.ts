/**
 * Sampler benchmark: Ephemera's Linux procfs sample against its peers, all measured in the same
 * run while child processes hold N loopback connections (2N sockets). Prints a table of medians
 * and ratios against Ephemera's steady sample, or with --json exactly one JSON object.
 */
import { readFileSync } from 'node:fs';
import si from 'systeminformation';
import { flag, listOption, optionsOnly, positiveInteger } from '../shared/argv';
import { scriptArgs } from '../electron/core/script-args';
import { createLinuxSource } from '../electron/core/sampler/linux-source';
import type { SocketSource } from '../electron/core/sampler/types';
import { PROC_NET_TABLES } from '../electron/core/sampler/linux-proc-net-parse';
import { HostNameBook } from '../electron/core/names/host-names';
import { drainBeforeRun } from './drain';
import { holdConnections } from './holders';
import { measureNetnsCost, netnsUnavailable } from './netns-load';
import { median, run, timeCommand, timeOnce, timeRuns } from './measure';
import { printTable } from './report';
import type { BenchResult, BenchRun } from './report';

const USAGE = optionsOnly(
  'node out/node/bench.js [--json] [--sizes 1000,10000]   (npm run bench -- [options])',
  'Times a Linux procfs sample against systeminformation, ss -tunap and lsof while child processes\n' +
  'hold N loopback connections (2N sockets) per size; prints medians and ratios.',
  {
    json: { type: 'boolean', help: 'print exactly one JSON object instead of the table' },
    sizes: { type: 'string', value: 'N,N', help: 'connections to hold per run (default 1000,10000)' },
    'netns-only': { type: 'boolean', help: 'measure only the cost of 10 extra network namespaces (root)' },
    'no-netns': { type: 'boolean', help: 'leave the network namespace measurement out' },
  },
);
const { json, sizes, netnsOnly, noNetnsFlag } = scriptArgs('bench', USAGE, (args) => ({
  json: flag(args, 'json'),
  sizes: listOption(args, 'sizes', [1000, 10000], positiveInteger),
  netnsOnly: flag(args, 'netns-only'),
  noNetnsFlag: flag(args, 'no-netns'),
}));
const log = (text: string): void => void process.stderr.write(`${text}\n`);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function rawRead(): void {
  for (const table of PROC_NET_TABLES) readFileSync(`/proc/net/${table}`);
}

/**
 * A steady sample with names on: the sample, then the name book asked about every row's peer.
 * The service asks only for new rows' peers, so this is an upper bound; lookups run after it.
 */
async function namesOnSample(source: SocketSource, book: HostNameBook): Promise<void> {
  const sample = await source.sample();
  book.want(sample.sockets.filter((s) => s.remotePort !== 0).map((s) => s.remoteAddress));
}

/** Steady sample, names-on sample and bare read taken in alternation, so machine load hits all alike. */
async function steadyAndRaw(source: SocketSource, reps: number): Promise<{ steady: number[]; namesOn: number[]; raw: number[] }> {
  const book = new HostNameBook();
  await source.sample();
  await namesOnSample(source, book);
  const steady: number[] = [];
  const namesOn: number[] = [];
  const raw: number[] = [];
  for (let i = 0; i < reps; i++) {
    raw.push(await timeOnce(rawRead));
    steady.push(await timeOnce(() => source.sample()));
    namesOn.push(await timeOnce(() => namesOnSample(source, book)));
  }
  book.close();
  return { steady, namesOn, raw };
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
  // Another run's TIME_WAIT rows (a 10 s FIN fidelity run at 1,000 conn/s leaves ~10,000) would be read too.
  await drainBeforeRun(log);
  log(`opening ${connections} loopback connections (${connections * 2} sockets)...`);
  const held = await holdConnections(connections);
  try {
    await sleep(300);
    const big = connections >= 5000;
    log('ephemera cold...');
    const cold = await timeRuns(() => createLinuxSource().sample(), big ? 5 : 9, 15000);
    log('ephemera steady and bare read...');
    const source = createLinuxSource();
    const { steady, namesOn, raw } = await steadyAndRaw(source, big ? 21 : 31);
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
        ephemeraNamesOn: median(namesOn),
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
  for (const size of netnsOnly ? [] : sizes) {
    const { run, cpuMsPerTick } = await measure(size);
    result.runs.push(run);
    if (cpuMsPerTick !== null) result.cpuMsPerTick1k = cpuMsPerTick;
  }
  const noNetns = netnsUnavailable();
  if (noNetns === null && !noNetnsFlag) {
    log('10 network namespaces x 100 sockets (then 12 s at 1 Hz)...');
    result.netns = await measureNetnsCost(10, 21, undefined, 12);
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
