/**
 * The built CLI on a real pseudo-terminal (a private tmux server): `watch` draws a birth count
 * that moves when this test opens connections, quits on q with exit 0 and gives the terminal
 * back (main screen, cooked mode); `ls` colors on a terminal only without NO_COLOR.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAll, connectMany, listen, waitUntil } from '../core/metrics/real-sockets-test-kit';
import type { TestListener } from '../core/metrics/real-sockets-test-kit';
import { PROJECT_ROOT } from '../core/test-kit/build-for-test';
import type { BuiltEntries } from '../core/test-kit/build-for-test';
import { SGR, buildCli } from './cli-test-kit';

const exec = promisify(execFile);
const SERVER = `ephemera-test-${process.pid}`;
const tmux = async (...args: string[]): Promise<string> => (await exec('tmux', ['-L', SERVER, ...args])).stdout;
const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

let built: BuiltEntries;
let listener: TestListener;

/** Starts a 120x40 session running `command` under sh, with the CLI's environment. */
async function session(name: string, command: string, env: Record<string, string> = {}): Promise<void> {
  const vars = { NODE_PATH: join(PROJECT_ROOT, 'node_modules'), LANG: 'C.UTF-8', ...env };
  const prefix = Object.entries(vars).map(([k, v]) => `${k}=${quote(v)}`).join(' ');
  await tmux('new-session', '-d', '-s', name, '-x', '120', '-y', '40', `env ${prefix} sh -c ${quote(command)}`);
}

const pane = (name: string, escapes = false): Promise<string> => tmux('capture-pane', '-p', ...(escapes ? ['-e'] : []), '-t', name);

beforeAll(async () => {
  built = await buildCli();
  listener = await listen();
}, 60_000);
afterAll(async () => {
  await exec('tmux', ['-L', SERVER, 'kill-server']).catch(() => undefined);
  await listener?.close();
  built?.remove();
});

describe('ephemera watch on a terminal', () => {
  it('shows births that move with real connections, quits on q, restores the terminal', async () => {
    const cli = built.path('cli');
    const after = 'echo EXIT=$?; stty -a | tr " " "\\n" | grep -x -e icanon -e -icanon -e echo -e -echo; sleep 30';
    await session('watch', `node ${quote(cli)} watch --interval 250 port:${listener.port}; ${after}`);
    const births = async (): Promise<number | null> => {
      const m = /births total (\d+)/.exec(await pane('watch'));
      return m ? Number(m[1]) : null;
    };
    await waitUntil(async () => (await births()) !== null, 10_000, 'the first watch frame');
    const screen = await pane('watch');
    expect(screen).toContain(`filter: port:${listener.port}`);
    expect(screen).toContain('q or Ctrl-C quits');
    const before = (await births())!;

    const clients = await connectMany(listener.port, 10);
    // Each connection is two sockets on this port, the client end and the accepted end.
    await waitUntil(async () => (await births()) === before + 20, 5000, `births total ${before + 20}`);
    const churning = await pane('watch');
    expect(churning).toMatch(/\n\s*\d+\s+node\s+\d+\s+\d+\s+\d+/);
    await closeAll(clients);

    await tmux('send-keys', '-t', 'watch', 'q');
    await waitUntil(async () => (await pane('watch')).includes('EXIT='), 5000, 'watch to exit');
    const final = await pane('watch');
    expect(final).toContain('EXIT=0');
    expect(final).not.toContain('births total');
    expect(final.split('\n').filter((l) => /^-?(icanon|echo)$/.test(l))).toEqual(['icanon', 'echo']);
  });

  it('quits cleanly on Ctrl-C too', async () => {
    await session('ctrlc', `node ${quote(built.path('cli'))} watch --interval 250; echo EXIT=$?; sleep 30`);
    await waitUntil(async () => (await pane('ctrlc')).includes('births total'), 10_000, 'the first watch frame');
    await tmux('send-keys', '-t', 'ctrlc', 'C-c');
    await waitUntil(async () => (await pane('ctrlc')).includes('EXIT='), 5000, 'watch to exit');
    expect(await pane('ctrlc')).toContain('EXIT=0');
  });
});

describe('ephemera ls on a terminal', () => {
  it('colors on a TTY, and not at all when NO_COLOR is set', async () => {
    const cmd = `node ${quote(built.path('cli'))} ls lport:${listener.port}; echo DONE; sleep 30`;
    await session('color', cmd);
    await session('nocolor', cmd, { NO_COLOR: '1' });
    for (const name of ['color', 'nocolor']) await waitUntil(async () => (await pane(name)).includes('DONE'), 10_000, `${name} ls`);
    const colored = await pane('color', true);
    const plain = await pane('nocolor', true);
    expect(colored).toMatch(SGR);
    expect(plain).not.toMatch(SGR);
    expect(plain).toMatch(/LISTEN\s+127\.0\.0\.1:\d+/);
  });
});
