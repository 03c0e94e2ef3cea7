/**
 * The built `ephemera kill` against real child processes: --yes ends a Node or Python listener
 * and the port is free (exit 0); --dry-run and "no terminal, no --yes" (exit 2) leave it running;
 * a child ignoring SIGTERM survives term (exit 1) and dies with --signal kill; a free port exits
 * 1; the port of the command's own parent is refused; bad arguments exit 2.
 */
import { spawn, spawnSync } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { listen } from '../core/metrics/real-sockets-test-kit';
import type { ChildListener } from '../core/actions/child-kit';
import { canListen, spawnListener } from '../core/actions/child-kit';
import type { BuiltEntries } from '../core/test-kit/build-for-test';
import { buildCli, cliEnv, runBuilt } from './cli-test-kit';

const isLinux = process.platform === 'linux';
let built: BuiltEntries;
let cli: string;
beforeAll(async () => {
  built = await buildCli();
  cli = built.path('cli');
}, 60_000);
afterAll(() => built?.remove());
const children: ChildListener[] = [];
afterEach(async () => {
  await Promise.all(children.splice(0).map((c) => c.stop()));
});
async function child(options: Parameters<typeof spawnListener>[0] = {}): Promise<ChildListener> {
  const c = await spawnListener(options);
  children.push(c);
  return c;
}
const run = (...args: string[]) => runBuilt(cli, args);
const hasScript = spawnSync('script', ['--version']).status === 0;

/** Runs the CLI on a pseudo-terminal (util-linux `script`) and types `answer` at the [y/N] prompt. */
function runOnTerminal(args: string[], answer: string): Promise<{ code: number | null; out: string }> {
  const line = [process.execPath, cli, ...args].map((a) => `'${a}'`).join(' ');
  const child = spawn('script', ['-qec', `${line}; echo "code=$?"`, '/dev/null'], { env: cliEnv() });
  let out = '';
  let answered = false;
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (!answered && out.includes('[y/N]')) {
      answered = true;
      child.stdin.write(`${answer}\r`);
    }
  });
  // 'close', not 'exit': the last output (the code line) may arrive after the process exited.
  return new Promise((resolve) =>
    child.once('close', () => resolve({ code: Number(/code=(\d+)/.exec(out)?.[1] ?? NaN), out })),
  );
}

describe.skipIf(!isLinux)('ephemera kill', () => {
  it.each(['node', 'python'] as const)(
    '--yes ends a %s listener, prints what it did, the port is free, exit 0',
    async (lang) => {
      const c = await child({ lang });
      const r = await run('kill', `${c.port}/tcp`, '--yes');
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`port ${c.port}/tcp is held by:`);
      expect(r.stdout).toContain(`pid ${c.pid}`);
      expect(r.stdout).toMatch(new RegExp(`\\(pid ${c.pid}\\) ended after SIGTERM`));
      expect(r.stdout).toContain(`port ${c.port}/tcp is free`);
      expect(await c.exited).toBe('SIGTERM');
      expect(await canListen(c.port)).toBe(true);
    },
  );

  it('--dry-run prints the preview (pid, command line, port freed) and leaves the process running', async () => {
    const c = await child();
    const r = await run('kill', String(c.port), '--dry-run');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`pid ${c.pid}`);
    expect(r.stdout).toContain(process.execPath);
    expect(r.stdout).toContain(`Ports freed: ${c.port}/tcp`);
    expect(r.stdout).toContain('dry run: nothing was sent');
    expect(c.alive()).toBe(true);
  });

  it('without a terminal and without --yes prints the preview and exits 2, leaving it running', async () => {
    const c = await child();
    const r = await run('kill', String(c.port));
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(`pid ${c.pid}`);
    expect(r.stderr).toMatch(/not a terminal.*add --yes/);
    expect(c.alive()).toBe(true);
  });

  it.skipIf(!hasScript)(
    'on a terminal it asks: "n" sends nothing (exit 1), "y" ends the process (exit 0)',
    async () => {
      const c = await child();
      const no = await runOnTerminal(['kill', String(c.port)], 'n');
      expect(no.out).toContain(`End 1 process with SIGTERM? [y/N]`);
      expect(no.out).toContain('nothing was sent');
      expect(no.code).toBe(1);
      expect(c.alive()).toBe(true);
      const yes = await runOnTerminal(['kill', String(c.port)], 'y');
      expect(yes.out).toContain(`(pid ${c.pid}) ended after SIGTERM`);
      expect(yes.code).toBe(0);
      expect(await c.exited).toBe('SIGTERM');
    },
    40_000,
  );

  it('a SIGTERM-ignoring child survives term (exit 1) and is ended with --signal kill (exit 0)', async () => {
    const c = await child({ ignoreTerm: true });
    const term = await run('kill', String(c.port), '--yes');
    expect(term.code).toBe(1);
    expect(term.stderr).toMatch(/still running 3 s after SIGTERM/);
    expect(c.alive()).toBe(true);
    const kill = await run('kill', String(c.port), '--yes', '--signal', 'kill');
    expect(kill.code, kill.stderr).toBe(0);
    expect(await c.exited).toBe('SIGKILL');
  }, 40_000);

  it('exits 1 when nothing holds the port, and refuses its own parent', async () => {
    const spare = await listen();
    const free = spare.port;
    await spare.close();
    const nothing = await run('kill', String(free), '--yes');
    expect(nothing).toMatchObject({ code: 1 });
    expect(nothing.stdout).toContain(`Nothing holds port ${free}`);
    const mine = await listen();
    try {
      const parent = await run('kill', String(mine.port), '--yes');
      expect(parent.code).toBe(1);
      expect(parent.stdout).toContain(`refused: pid ${process.pid} is Ephemera's parent process`);
      expect(await canListen(mine.port)).toBe(false);
    } finally {
      await mine.close();
    }
  }, 40_000);

  it('bad arguments exit 2 with one line', async () => {
    for (const args of [
      ['kill'],
      ['kill', '70000'],
      ['kill', '80/sctp'],
      ['kill', '80', '--signal', 'hup'],
      ['kill', '80', '--force'],
    ]) {
      const r = await run(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^ephemera: .*\(see ephemera kill --help\)\n$/);
    }
  }, 40_000);
});
