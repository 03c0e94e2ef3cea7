import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBounded } from './lib/bounded-run';
import { decideStart, describeDownload, describeExit, failureLine, lacksDisplay, locateElectron } from './lib/start-decision';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ephemera-electron-pkg-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const X11 = { DISPLAY: ':0' };
const present = { path: '/e/dist/electron', exists: true };
const absent = { path: null, exists: false };

describe('decideStart', () => {
  it('launches a present binary on a machine with a display', () => {
    expect(decideStart({ platform: 'linux', env: X11, mainBuilt: true, binary: present, download: null })).toEqual({ action: 'launch', binary: '/e/dist/electron' });
    expect(decideStart({ platform: 'darwin', env: {}, mainBuilt: true, binary: present, download: null }).action).toBe('launch');
    expect(decideStart({ platform: 'linux', env: { WAYLAND_DISPLAY: 'wayland-0' }, mainBuilt: true, binary: present, download: null }).action).toBe('launch');
  });

  it('tries one download when the binary is missing, then gives up with the reason', () => {
    expect(decideStart({ platform: 'linux', env: X11, mainBuilt: true, binary: absent, download: null })).toEqual({ action: 'download' });
    const failed = { code: 1, signal: null, timedOut: false, timeoutMs: 60000, stderr: 'TypeError: fetch failed\n    at node:internal/deps/undici' };
    expect(decideStart({ platform: 'linux', env: X11, mainBuilt: true, binary: absent, download: failed })).toEqual({
      action: 'fail',
      reason: 'the Electron binary is not installed and downloading it failed: TypeError: fetch failed',
    });
    const downloaded = { ...failed, code: 0, stderr: '' };
    expect(decideStart({ platform: 'linux', env: X11, mainBuilt: true, binary: present, download: downloaded }).action).toBe('launch');
  });

  it('fails at once without a display, without a build, or when downloads are forbidden', () => {
    expect(decideStart({ platform: 'linux', env: {}, mainBuilt: true, binary: absent, download: null })).toEqual({
      action: 'fail',
      reason: 'no display: DISPLAY and WAYLAND_DISPLAY are unset',
    });
    expect(decideStart({ platform: 'linux', env: X11, mainBuilt: false, binary: present, download: null }).action).toBe('fail');
    expect(decideStart({ platform: 'linux', env: { ...X11, EPHEMERA_NO_DOWNLOAD: '1' }, mainBuilt: true, binary: absent, download: null }).action).toBe('fail');
    expect(decideStart({ platform: 'win32', env: { ELECTRON_OVERRIDE_DIST_PATH: 'C:\\e' }, mainBuilt: true, binary: { path: 'C:\\e\\electron', exists: false }, download: null }).action).toBe('fail');
  });

  it('says every failure in one line naming npm run serve', () => {
    const line = failureLine('no display: DISPLAY and WAYLAND_DISPLAY are unset');
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toContain('npm run serve');
  });
});

describe('lacksDisplay', () => {
  it('only applies to X11/Wayland platforms', () => {
    expect(lacksDisplay('linux', {})).toBe(true);
    expect(lacksDisplay('freebsd', { DISPLAY: '' })).toBe(true);
    expect(lacksDisplay('win32', {})).toBe(false);
    expect(lacksDisplay('darwin', {})).toBe(false);
  });
});

describe('describeDownload and describeExit', () => {
  it('names a timeout, the first error line, a kill or the exit code', () => {
    expect(describeDownload({ timedOut: true, timeoutMs: 60000 })).toBe('no answer within 60 s');
    expect(describeDownload({ code: 1, stderr: 'Downloading…\nRequestError: getaddrinfo ENOTFOUND github.com\n  at x' })).toBe(
      'RequestError: getaddrinfo ENOTFOUND github.com',
    );
    expect(describeDownload({ code: null, signal: 'SIGKILL', stderr: '' })).toBe('installer killed by SIGKILL');
    expect(describeDownload({ code: 0, stderr: '' })).toBe('the installer finished but left no binary');
  });

  it('turns a quick crash into the one line, and passes a normal run through', () => {
    const crash = describeExit({ code: 127, signal: null, ranMs: 300, stderrTail: 'electron: error while loading shared libraries: libnss3.so\n' });
    expect(crash.exitCode).toBe(127);
    expect(crash.line).toMatch(/exited at once: electron: error while loading shared libraries: libnss3\.so\); run `npm run serve`/);
    expect(describeExit({ code: 0, signal: null, ranMs: 100, stderrTail: '' })).toEqual({ exitCode: 0, line: null });
    expect(describeExit({ code: 1, signal: null, ranMs: 60000, stderrTail: 'x' })).toEqual({ exitCode: 1, line: null });
    expect(describeExit({ code: null, signal: 'SIGSEGV', ranMs: 10, stderrTail: '' }).line).toMatch(/exited at once with SIGSEGV/);
  });
});

describe('locateElectron (real files, never a download)', () => {
  it('is absent without path.txt, and present once path.txt names an existing file', async () => {
    expect(locateElectron(dir, {})).toEqual({ path: null, exists: false });
    await writeFile(join(dir, 'path.txt'), 'electron');
    expect(locateElectron(dir, {})).toEqual({ path: join(dir, 'dist', 'electron'), exists: false });
    await mkdir(join(dir, 'dist'), { recursive: true });
    await writeFile(join(dir, 'dist', 'electron'), '');
    expect(locateElectron(dir, {})).toEqual({ path: join(dir, 'dist', 'electron'), exists: true });
    expect(locateElectron(dir, { ELECTRON_OVERRIDE_DIST_PATH: '/nowhere' })).toEqual({ path: '/nowhere/electron', exists: false });
  });
});

describe('runBounded (real child processes)', () => {
  it('kills a step that hangs once the time limit passes', async () => {
    const started = Date.now();
    const r = await runBounded({ command: process.execPath, args: ['-e', 'setTimeout(() => {}, 30000)'], timeoutMs: 300 });
    expect(r.timedOut).toBe(true);
    expect(r.signal).toBe('SIGKILL');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('keeps the stderr and code of a failing step', async () => {
    const r = await runBounded({ command: process.execPath, args: ['-e', "console.error('TypeError: fetch failed'); process.exit(3)"], timeoutMs: 10000 });
    expect([r.code, r.timedOut, describeDownload(r)]).toEqual([3, false, 'TypeError: fetch failed']);
  });
});

describe('scripts/start-electron.js here (no Electron binary)', () => {
  it.runIf(process.platform === 'linux')('exits 1 with exactly one line naming npm run serve, quickly', async () => {
    const script = join(import.meta.dirname, 'start-electron.js');
    const env = { ...process.env, DISPLAY: '', WAYLAND_DISPLAY: '' };
    const result = await promisify(execFile)(process.execPath, [script], { env, timeout: 20000 }).then(
      () => ({ code: 0, stdout: '', stderr: '' }),
      (err: { code: number; stdout: string; stderr: string }) => err,
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('npm run serve');
  });
});
