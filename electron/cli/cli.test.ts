/**
 * The built `ephemera` CLI as a subprocess against real sockets this test opens: who, ls, export,
 * parse on recorded captures of all five formats, and the exit codes of bad arguments.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from '../../shared/model';
import { csvToSockets } from '../core/export/snapshot-csv';
import { parseSnapshotExport } from '../core/export/snapshot-json';
import { closeAll, connectMany, listen } from '../core/metrics/real-sockets-test-kit';
import type { TestListener } from '../core/metrics/real-sockets-test-kit';
import { CAPTURE_FORMATS, parseCapture } from '../core/sampler/detect-format';
import type { CaptureSource } from '../../shared/capture';
import { PROJECT_ROOT } from '../core/test-kit/build-for-test';
import type { BuiltEntries } from '../core/test-kit/build-for-test';
import { SGR, buildCli, runBuilt } from './cli-test-kit';
import { COMMANDS } from './commands';

let built: BuiltEntries;
let cli: string;
let listener: TestListener;
let freePort: number;
let dir: string;

beforeAll(async () => {
  built = await buildCli();
  cli = built.path('cli');
  listener = await listen();
  const spare = await listen();
  freePort = spare.port;
  await spare.close();
  dir = mkdtempSync(join(tmpdir(), 'ephemera-cli-test-'));
}, 60_000);
afterAll(async () => {
  await listener?.close();
  built?.remove();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const run = (...args: string[]) => runBuilt(cli, args);

describe('ephemera who', () => {
  it("prints the test's listener with this pid and exits 0, fast", async () => {
    const r = await run('who', String(listener.port));
    expect(r.code, r.stderr).toBe(0);
    const line = r.stdout.split('\n').find((l) => l.includes('LISTEN'));
    expect(line).toContain(`127.0.0.1:${listener.port}`);
    expect(line?.split(/\s+/)).toContain(String(process.pid));
    expect(line).toContain(process.execPath);
    expect(r.stdout).not.toMatch(SGR);
    // Under 1 s on an idle machine; the bound only catches a wait for a second tick or a timeout.
    expect(r.ms).toBeLessThan(5000);
  });

  it('exits 1 on a free port, and on the right port with the wrong protocol', async () => {
    const [free, udp] = await Promise.all([run('who', String(freePort)), run('who', `${listener.port}/udp`)]);
    expect(free).toMatchObject({
      code: 1,
      stdout: `nothing is using port ${freePort}\nfree to bind on 0.0.0.0:${freePort}/tcp\nfree to bind on 127.0.0.1:${freePort}/tcp\n`,
    });
    expect(udp.code).toBe(1);
  });

  it('--json gives the sockets with their processes', async () => {
    const r = await run('who', `${listener.port}/tcp`, '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { held: boolean; sockets: (Socket & { process: { pid: number; exe: string } | null })[] };
    expect(doc.held).toBe(true);
    const mine = doc.sockets.find((s) => s.state === 'LISTEN');
    expect(mine?.process).toMatchObject({ pid: process.pid, exe: process.execPath });
    const bind = (doc as unknown as { bind: { answers: { address: string; probe: string; text: string }[] }[] }).bind;
    expect(bind[0]?.answers.map((a) => [a.address, a.probe])).toEqual([['0.0.0.0', 'in-use'], ['127.0.0.1', 'in-use']]);
    expect(bind[0]?.answers[1]?.text).toContain(`listener node (pid ${process.pid}) on 127.0.0.1:${listener.port}`);
  });
});

describe('ephemera ls', () => {
  it('port:N --json parses into export rows that include the listener', async () => {
    const r = await run('ls', `port:${listener.port}`, '--json');
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as (Socket & { localClass: string })[];
    expect(rows.length).toBeGreaterThan(0);
    for (const s of rows) expect([s.localPort, s.remotePort]).toContain(listener.port);
    expect(rows.find((s) => s.state === 'LISTEN')).toMatchObject({ owner: { pid: process.pid }, localClass: expect.any(String) });
  });

  it('prints aligned columns without color into a pipe, and CSV with the export header', async () => {
    const [table, csv] = await Promise.all([run('ls', `lport:${listener.port}`, 'state:listen'), run('ls', `lport:${listener.port}`, '--csv')]);
    const [header, row] = table.stdout.split('\n');
    // NETNS is a column only when a row comes from another network namespace.
    expect(header).toMatch(/^PROTO\s+STATE\s+LOCAL\s+REMOTE\s+PID\s+PROCESS$/);
    expect(row?.indexOf('LISTEN')).toBe(header?.indexOf('STATE'));
    expect(table.stdout).not.toMatch(SGR);
    expect(table.stdout.trimEnd().split('\n').at(-1)).toMatch(/^all \d+ sockets attributed$/);
    expect(csvToSockets(csv.stdout).map((s) => s.localPort)).toContain(listener.port);
    expect(csv.stdout).not.toContain('attributed');
  });

  it('ends the table with the owner coverage of the rows shown: TIME_WAIT remnants are named, not blamed on other users', async () => {
    const remnants = await listen();
    try {
      await closeAll(await connectMany(remnants.port, 3));
      const r = await run('ls', `rport:${remnants.port}`, 'state:time_wait');
      expect(r.code, r.stderr).toBe(0);
      const footer = r.stdout.trimEnd().split('\n').at(-1);
      expect(footer).toBe('0 of 3 sockets attributed; 3 in TIME_WAIT (closed; no process holds them)');
    } finally {
      await remnants.close();
    }
  });

  it('refuses a bad filter with exit 2 and says where', async () => {
    const r = await run('ls', 'port:abc');
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^ephemera: bad filter 'port:abc': .* \(at character \d+\) \(see ephemera ls --help\)\n$/);
  });
});

describe('ephemera export', () => {
  it('writes JSON and CSV files that read back, both holding the listener row', async () => {
    const json = join(dir, 'snap.json');
    const csv = join(dir, 'snap.csv');
    const [a, b] = await Promise.all([run('export', '--format', 'json', '-o', json), run('export', '--format=csv', '--output', csv)]);
    expect([a.code, b.code], a.stderr + b.stderr).toEqual([0, 0]);
    const doc = parseSnapshotExport(readFileSync(json, 'utf8'));
    const rows = csvToSockets(readFileSync(csv, 'utf8'));
    const fromJson = doc.sockets.find((s) => s.localPort === listener.port && s.state === 'LISTEN');
    const fromCsv = rows.find((s) => s.id === fromJson?.id);
    expect(fromJson?.owner?.pid).toBe(process.pid);
    expect({ ...fromCsv, firstSeen: null }).toEqual({ ...fromJson, firstSeen: null });
    expect(a.stderr).toMatch(new RegExp(`^wrote ${doc.sockets.length} sockets to ${json} \\(\\d+ bytes\\)\\n$`));
  });

  it('-o - writes the export to standard output; an unwritable path fails with exit 1 and says why', async () => {
    const [out, bad] = await Promise.all([run('export', '--format', 'json', '-o', '-'), run('export', '--format', 'csv', '-o', join(dir, 'no/such/dir/x.csv'))]);
    expect(parseSnapshotExport(out.stdout).schema).toBe('ephemera.snapshot');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/could not write .*folder does not exist/);
  });
});

const CAPTURES: Record<(typeof CAPTURE_FORMATS)[number], string> = {
  'linux-proc': 'ss/proc-net-tcp6.txt',
  ss: 'ss/ss-tunap.txt',
  'linux-netstat': 'captures/netstat-tulpn-node-netstat-22.txt',
  'darwin-netstat': 'darwin/netstat-anv-tahoe-pid-port-14.txt',
  'win32-netstat': 'win32/netstat-ano-en-lighthouse-7694.txt',
  lsof: 'lsof/lsof-nP-i.txt',
};
const fixturePath = (path: string) => new URL(`../core/sampler/fixtures/${path}`, import.meta.url).pathname;

describe.concurrent('ephemera parse', () => {
  it.each(CAPTURE_FORMATS.map((f) => [f, CAPTURES[f]] as const))('reproduces the sampler rows of a recorded %s capture', async (format, path) => {
    const file = fixturePath(path);
    const r = await run('parse', file, '--json');
    expect(r.code, r.stderr).toBe(0);
    const expected = parseCapture(readFileSync(file, 'utf8'), format);
    expect(expected.ok && expected.result.sockets.length).toBeGreaterThan(0);
    const doc = JSON.parse(r.stdout) as { source: CaptureSource; sockets: (Socket & { localClass: string })[] };
    const ids = (rows: readonly Socket[]) => rows.map((s) => `${s.id} ${s.owner?.pid ?? '-'} ${s.owner?.name ?? ''}`).sort();
    expect(ids(doc.sockets)).toEqual(ids(expected.ok ? expected.result.sockets : []));
    expect(doc.sockets[0]?.localClass).toMatch(/^(well-known|registered|dynamic)$/);
    expect(doc.source).toMatchObject({ format, rowsKept: doc.sockets.length });
    expect(doc.source.linesRead).toBe(doc.source.rowsKept + doc.source.linesSkipped);
    expect(r.stderr).toContain(`read as ${format}`);
  });

  it('prints the ls table by default and as CSV with --csv; a filter narrows the rows', async () => {
    const file = fixturePath(CAPTURES['linux-netstat']);
    const [table, csv, narrowed] = await Promise.all([run('parse', file), run('parse', file, '--csv'), run('parse', file, 'proto:tcp', 'port:53')]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^PROTO\s+STATE\s+LOCAL\s+REMOTE\s+PID\s+PROCESS\s*$/);
    expect(table.stdout).toMatch(/udp\s+UNCONN\s+0\.0\.0\.0:5353\s+\*\s+364\s+avahi-daemon: r/);
    expect(csv.stdout.split('\r\n')[0]).toMatch(/^id,proto,family,local_address,local_port,/);
    expect(csv.stdout.trim().split('\r\n')).toHaveLength(12);
    const rows = narrowed.stdout.trim().split('\n').slice(1);
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row).toMatch(/^tcp\s+LISTEN\s+\S+:53\s+\*\s+306\s+named$/);
    expect(narrowed.stderr).toContain('11 socket(s) read as linux-netstat');
    expect(narrowed.stderr).toContain('2 match the filter');
  });

  it('refuses a 100 MB file with its size and exit 1, without reading it', async () => {
    const big = join(dir, 'huge-capture.txt');
    writeFileSync(big, '');
    truncateSync(big, 100 * 1024 * 1024);
    const r = await run('parse', big);
    expect(r).toMatchObject({ code: 1, stdout: '' });
    expect(r.stderr).toMatch(/^ephemera: .*huge-capture\.txt: the capture is 100\.0 MB; Ephemera reads captures of at most 8 MB/);
  });

  it('reads standard input and honours --from', async () => {
    const text = readFileSync(fixturePath(CAPTURES.ss), 'utf8');
    const r = await runBuilt(cli, ['parse', '-', '--from', 'ss'], { input: text });
    expect(r.code).toBe(0);
    const held = JSON.parse(readFileSync(fixturePath('ss/held-sockets.json'), 'utf8')) as { pid: number; listen4: number };
    expect(r.stdout).toMatch(new RegExp(`tcp\\s+LISTEN\\s+127\\.0\\.0\\.1:${held.listen4}\\s+\\*\\s+${held.pid}\\s`));
  });

  it('refuses unknown text naming every known format; a wrong --from reads nothing rather than misreading', async () => {
    const [unknown, forced] = await Promise.all([
      run('parse', fixturePath('ranges/netsh-dynamicport-usbipd-53.txt')),
      run('parse', fixturePath(CAPTURES.ss), '--from', 'lsof'),
    ]);
    expect(unknown.code).toBe(1);
    for (const f of CAPTURE_FORMATS) expect(unknown.stderr).toContain(f);
    expect(forced).toMatchObject({ code: 1, stdout: '' });
    expect(forced.stderr).toMatch(/no lsof rows read; \d+ line\(s\) refused/);
  });
});

describe.concurrent('arguments', () => {
  it.each([
    [['who', '70000'], /port must be a whole number from 1 to 65535, not '70000'/],
    [['who', 'abc'], /not 'abc'/],
    [['frob'], /unknown command 'frob'/],
    [['ls', '--bogus'], /unknown option --bogus/],
    [['export', '-o', 'x.json'], /--format/],
    [['parse', 'x', '--from', 'pcap'], /--from must be one of auto, linux-proc/],
    [['serve', '--host', '0.0.0.0'], /--allow-remote/],
    [['watch', '--interval', '5'], /--interval must be/],
  ])('%j exits 2 with one line', async (args, message) => {
    const r = await run(...args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^ephemera: [^\n]+ \(see ephemera( \w+)? --help\)\n$/);
    expect(r.stderr).toMatch(message);
  });

  it('every command has --help (exit 0, usage first), and so does ephemera itself', async () => {
    const runs = await Promise.all([run('--help'), ...COMMANDS.map((c) => run(c.name, '--help'))]);
    expect(runs[0]?.stdout).toContain('usage: ephemera <command>');
    COMMANDS.forEach((c, i) => {
      expect(runs[i + 1]?.code).toBe(0);
      expect(runs[i + 1]?.stdout.startsWith(`usage: ephemera ${c.name}`)).toBe(true);
    });
  });
});

describe('bin/ephemera.js', () => {
  it('builds the CLI once when out/node/cli.js is missing (saying so on stderr), then just runs it', async () => {
    const root = join(dir, 'fresh-clone');
    mkdirSync(join(root, 'bin'), { recursive: true });
    copyFileSync(join(PROJECT_ROOT, 'bin/ephemera.js'), join(root, 'bin/ephemera.js'));
    // Stands in for `vite build`: puts the CLI built by this test where the real build puts it.
    const build = `import{mkdirSync,copyFileSync}from'node:fs';mkdirSync('out/node',{recursive:true});copyFileSync(${JSON.stringify(cli)},'out/node/cli.js');`;
    writeFileSync(join(root, 'build.mjs'), build);
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'x', private: true, type: 'module', scripts: { 'build:node': 'node build.mjs' } }));
    const shim = join(root, 'bin/ephemera.js');
    const first = await runBuilt(shim, ['--version']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(first.stderr).toBe('ephemera: building the command line once (npm run build:node)...\n');
    const second = await runBuilt(shim, ['who', 'abc']);
    expect(second).toMatchObject({ code: 2, stdout: '' });
    expect(second.stderr).not.toContain('building');
  });

  it("starts serve and watch in a node with V8's memory-saving mode, passing arguments, exit code and a signal death through", async () => {
    const root = join(dir, 'small-heap');
    mkdirSync(join(root, 'bin'), { recursive: true });
    mkdirSync(join(root, 'out/node'), { recursive: true });
    copyFileSync(join(PROJECT_ROOT, 'bin/ephemera.js'), join(root, 'bin/ephemera.js'));
    // Stands in for the CLI: says how it was started, then exits as told.
    const fake = `console.log(JSON.stringify({execArgv:process.execArgv,args:process.argv.slice(2)}));const a=process.argv[3];if(a==='die')process.kill(process.pid,'SIGTERM');else process.exit(Number(a??0));`;
    writeFileSync(join(root, 'out/node/cli.js'), fake);
    const shim = join(root, 'bin/ephemera.js');
    const said = (r: { stdout: string }) => JSON.parse(r.stdout) as { execArgv: string[]; args: string[] };
    const serve = await runBuilt(shim, ['serve', '3', '--port', '0']);
    expect(serve.code).toBe(3);
    expect(said(serve)).toEqual({ execArgv: ['--optimize-for-size'], args: ['serve', '3', '--port', '0'] });
    const watch = await runBuilt(shim, ['watch', '0']);
    expect(watch.code).toBe(0);
    expect(said(watch).execArgv).toEqual(['--optimize-for-size']);
    // One-shot commands run in the shim's own process, without the flag.
    const ls = await runBuilt(shim, ['ls', '0']);
    expect(said(ls)).toEqual({ execArgv: [], args: ['ls', '0'] });
    const died = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      spawn(process.execPath, [shim, 'serve', 'die'], { stdio: 'ignore' }).on('exit', (code, signal) => resolve({ code, signal }));
    });
    expect(died).toEqual({ code: null, signal: 'SIGTERM' });
  });
});
