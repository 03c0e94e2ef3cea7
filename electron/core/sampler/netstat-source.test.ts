import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCommand } from './ephemeral-range';
import type { RunCommand } from './netstat-source';
import { createNetstatSource, mergeResults, parsePsNames, parseTasklistCsv } from './netstat-source';

const fixture = (path: string) => readFileSync(new URL(`./fixtures/${path}`, import.meta.url), 'utf8');

/** A runner that answers netstat with recorded outputs and logs every call. */
function recordedRunner(answers: Record<string, string | Error>): { run: RunCommand; calls: string[] } {
  const calls: string[] = [];
  const run: RunCommand = async (file, args) => {
    const line = [file, ...args].join(' ');
    calls.push(line);
    const answer = answers[line] ?? answers[file];
    if (answer === undefined) throw new Error(`unexpected command ${line}`);
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { run, calls };
}

describe('name lookups', () => {
  it('reads ps -o pid=,comm= as run on this machine', async () => {
    const names = parsePsNames(await runCommand('ps', ['-o', 'pid=,comm=', '-p', String(process.pid)]));
    expect(names.get(process.pid)).toMatch(/^(node|vitest|MainThread)/);
  });

  it('keeps the last path part of macOS comm paths', () => {
    expect(parsePsNames('  612 /usr/libexec/rapportd\n 4242 /Applications/Google Chrome.app/Contents/MacOS/Google Chrome\n')).toEqual(
      new Map([[612, 'rapportd'], [4242, 'Google Chrome']]),
    );
  });

  it('reads tasklist /fo csv /nh rows, with commas inside quoted fields, ignoring notices', () => {
    const text = '"System Idle Process","0","Services","0","8 K"\r\n"explorer.exe","5144","Console","3","938,060 K"\r\nINFO: No tasks are running which match the specified criteria.\r\n';
    expect(parseTasklistCsv(text)).toEqual(new Map([[0, 'System Idle Process'], [5144, 'explorer.exe']]));
  });
});

describe('createNetstatSource (darwin) on recorded netstat output', () => {
  const answers = {
    'netstat -anvW -p tcp': fixture('darwin/netstat-anv-p-tcp-macos26.txt'),
    'netstat -anvW -p udp': fixture('darwin/netstat-anv-evidence-pack.txt').split('\n').filter((l) => !l.startsWith('tcp')).join('\n'),
    ps: '   56 /usr/sbin/syslogd\n  187 /usr/libexec/rapportd\n',
  };

  it('merges tcp and udp, names only the pids netstat did not name, and caches them', async () => {
    const { run, calls } = recordedRunner(answers);
    const source = createNetstatSource('darwin', { run });
    expect(source.name).toBe('darwin-netstat');
    const first = await source.sample();
    expect(first.sockets.filter((s) => s.proto === 'tcp')).toHaveLength(6);
    expect(first.sockets.find((s) => s.proto === 'udp' && s.localPort === 65115)?.owner).toEqual({ pid: 56, startTime: 0, name: 'syslogd' });
    expect(first.sockets.find((s) => s.localPort === 8080)?.owner?.name).toBe('Google Chrome H');
    // Cut IPv6 addresses in this narrow recording are kept with their printed text (localHost), not refused.
    expect(first.skipped).toBe(0);
    expect(first.errors).toEqual([]);
    expect(calls).toEqual(['netstat -anvW -p tcp', 'netstat -anvW -p udp', 'ps -o pid=,comm= -p 704,56,187']);
    await source.sample();
    expect(calls.filter((c) => c.startsWith('ps'))).toHaveLength(1);
  });

  it('keeps sampling when names cannot be read, and says so', async () => {
    const { run } = recordedRunner({ ...answers, ps: new Error('ps: permission denied') });
    const sample = await createNetstatSource('darwin', { run }).sample();
    expect(sample.sockets.find((s) => s.localPort === 65115)?.owner).toEqual({ pid: 56, startTime: 0, name: '' });
    expect(sample.errors).toContain('process names unavailable: ps: permission denied');
  });

  it('rejects when netstat fails, so the caller can fall back', async () => {
    const { run } = recordedRunner({ netstat: new Error('netstat: command not found (ENOENT)') });
    await expect(createNetstatSource('darwin', { run }).sample()).rejects.toThrow('ENOENT');
  });
});

describe('createNetstatSource (win32) on recorded netstat output', () => {
  it('names pids from one tasklist call', async () => {
    const tasklist = '"System","4","Services","0","1,232 K"\r\n"svchost.exe","624","Services","0","9,876 K"\r\n';
    const { run, calls } = recordedRunner({ 'netstat -ano': fixture('win32/netstat-ano-de.txt'), tasklist });
    const source = createNetstatSource('win32', { run });
    expect(source.name).toBe('win32-netstat');
    const sample = await source.sample();
    expect(sample.sockets).toHaveLength(123);
    expect(sample.sockets.find((s) => s.localPort === 135 && s.family === 4)?.owner).toEqual({ pid: 624, startTime: 0, name: 'svchost.exe' });
    expect(sample.sockets.find((s) => s.localPort === 80 && s.family === 4)?.owner?.name).toBe('System');
    expect(sample.sockets.find((s) => s.localPort === 515)?.owner).toEqual({ pid: 7608, startTime: 0, name: '' });
    expect(calls).toEqual(['netstat -ano', 'tasklist /fo csv /nh']);
  });
});

describe('mergeResults', () => {
  it('adds counts and keeps the first error', () => {
    expect(mergeResults([
      { sockets: [], skipped: 0, firstError: null },
      { sockets: [], skipped: 2, firstError: 'a' },
      { sockets: [], skipped: 1, firstError: 'b' },
    ])).toEqual({ sockets: [], skipped: 3, firstError: 'a' });
  });
});
