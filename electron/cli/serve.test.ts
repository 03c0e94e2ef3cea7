/**
 * `ephemera serve --metrics` as a subprocess, scraped like Prometheus would (Bearer token, a real
 * exposition parser) while this test opens and closes known connections; the host's remote mode
 * (any Host, fixed token) on a loopback bind, since tests may not listen beyond loopback.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import type { PromFamily } from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../../e2e/helpers/probe';
import { createMetricsCollector } from '../core/metrics/metrics-collector';
import { closeAll, connectMany, listen, waitUntil } from '../core/metrics/real-sockets-test-kit';
import type { TestListener } from '../core/metrics/real-sockets-test-kit';
import { chooseSource } from '../core/sampler/choose-source';
import { createPortService } from '../core/service/port-service';
import type { BuiltEntries } from '../core/test-kit/build-for-test';
import { startWebHost } from '../web/host';
import { parseArgv } from '../../shared/argv';
import { buildCli, cliEnv, runBuilt } from './cli-test-kit';
import { findCommand } from './commands';
import { parseServeOptions, remoteWarning } from './serve';

let built: BuiltEntries;
let listener: TestListener;
let dir: string;
let child: ChildProcess | null = null;

beforeAll(async () => {
  built = await buildCli();
  listener = await listen();
  dir = mkdtempSync(join(tmpdir(), 'ephemera-serve-test-'));
}, 60_000);
afterAll(async () => {
  child?.kill('SIGKILL');
  await listener?.close();
  built?.remove();
  rmSync(dir, { recursive: true, force: true });
});

/** Starts `ephemera serve` and resolves with its port and token once it prints the metrics line. */
function startServe(args: string[]): Promise<{ port: number; token: string; stdout: () => string }> {
  const proc = spawn(process.execPath, [built.path('cli'), 'serve', ...args], { env: cliEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  child = proc;
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
    proc.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${err}`)));
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /http:\/\/127\.0\.0\.1:(\d+)\/\?token=([\w-]+)\n/.exec(out);
      if (m && out.includes('Prometheus metrics:')) resolve({ port: Number(m[1]), token: m[2]!, stdout: () => out });
    });
  });
}

const families = (text: string): Map<string, PromFamily> => new Map(parsePrometheusTextFormat(text).map((f) => [f.name, f]));
const value = (f: Map<string, PromFamily>, name: string, labels: Record<string, string> = {}): number =>
  Number(f.get(name)?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))?.value ?? NaN);

describe('ephemera serve --metrics', () => {
  it('answers 403 without the token, and Prometheus text that follows real connections with it', async () => {
    const { port, token, stdout } = await startServe(['--metrics', '--port', '0']);
    expect(stdout()).toContain(`Prometheus metrics: http://127.0.0.1:${port}/metrics`);
    expect(stdout()).toContain('Actions: off (start with --allow-actions');
    const place = { Host: `127.0.0.1:${port}` };
    expect((await request(port, '/metrics', place)).status).toBe(403);
    expect((await request(port, '/metrics', { ...place, Authorization: 'Bearer wrong-token-123456' })).status).toBe(403);
    const scrape = async () => {
      const r = await request(port, '/metrics', { ...place, Authorization: `Bearer ${token}` });
      expect(r.status).toBe(200);
      expect(r.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
      return families(r.body);
    };
    await waitUntil(async () => value(await scrape(), 'ephemera_sockets', { proto: 'tcp', state: 'LISTEN' }) >= 1, 10_000, 'a sample');
    const before = await scrape();

    const clients = await connectMany(listener.port, 10);
    let held = before;
    await waitUntil(async () => value((held = await scrape()), 'ephemera_births_total') - value(before, 'ephemera_births_total') >= 20, 10_000, '20 births');
    expect(value(held, 'ephemera_sockets', { proto: 'tcp', state: 'ESTABLISHED' })).toBeGreaterThanOrEqual(20);
    await closeAll(clients);
    let after = held;
    await waitUntil(async () => value((after = await scrape()), 'ephemera_deaths_total') - value(before, 'ephemera_deaths_total') >= 10, 10_000, '10 deaths');
    expect(value(after, 'ephemera_time_wait_sockets')).toBeGreaterThanOrEqual(10);
    expect(value(after, 'ephemera_kernel_opens_total') - value(before, 'ephemera_kernel_opens_total')).toBeGreaterThanOrEqual(20);
    const h = (f: Map<string, PromFamily>) => Number(f.get('ephemera_sample_duration_seconds')?.metrics[0]?.count);
    expect(h(after)).toBeGreaterThan(h(before));
    for (const f of after.values()) expect(f.help, f.name).not.toBe('');

    const exited = new Promise<number | null>((r) => child?.once('exit', (code) => r(code)));
    child?.kill('SIGTERM');
    expect(await exited).toBe(0);
    child = null;
  });
});

describe('remote serving', () => {
  it('refuses a non-loopback host without --allow-remote and a token file, and reads the token file strictly', async () => {
    const bad = join(dir, 'short-token');
    writeFileSync(bad, 'abc\n');
    const [noAllow, noToken, shortToken, missing] = await Promise.all([
      runBuilt(built.path('cli'), ['serve', '--host', '0.0.0.0']),
      runBuilt(built.path('cli'), ['serve', '--host', '0.0.0.0', '--allow-remote']),
      runBuilt(built.path('cli'), ['serve', '--host', '0.0.0.0', '--allow-remote', '--token-file', bad]),
      runBuilt(built.path('cli'), ['serve', '--host', '0.0.0.0', '--allow-remote', '--token-file', join(dir, 'none')]),
    ]);
    expect(noAllow.code).toBe(2);
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toMatch(/--token-file/);
    expect(shortToken).toMatchObject({ code: 1, stdout: '' });
    expect(shortToken.stderr).toMatch(/must hold one line of 16 to 256 characters/);
    expect(missing.stderr).toMatch(/cannot read token file .*ENOENT/);
  });

  it('parses serve options: loopback stays local, a remote host is flagged, and warns', () => {
    const spec = findCommand('serve')!.spec;
    expect(parseServeOptions(parseArgv(['--port', '9464', '--metrics'], spec))).toEqual({ port: 9464, host: '127.0.0.1', metrics: true, remote: false, tokenFile: null, allowActions: false });
    expect(parseServeOptions(parseArgv(['--allow-actions'], spec))).toMatchObject({ allowActions: true });
    const remote = parseServeOptions(parseArgv(['--host', '10.1.2.3', '--allow-remote', '--token-file', 't'], spec));
    expect(remote).toMatchObject({ host: '10.1.2.3', remote: true, tokenFile: 't' });
    expect(remoteWarning('10.1.2.3', 9464)).toMatch(/^ephemera: WARNING: serving on 10\.1\.2\.3:9464 to other machines/);
  });

  it('in remote mode the host takes any Host name, still only with the token; /metrics is absent unless asked for', async () => {
    const service = createPortService({ inProcessSource: chooseSource(), intervalMs: 500 });
    const collector = createMetricsCollector(service, 'test');
    const token = 'fixed-token-for-a-fleet_0123456789';
    const staticDir = join(dir, 'ui');
    await expect(startWebHost({ service, staticDir, host: '0.0.0.0' })).rejects.toThrow(/loopback addresses only/);
    await expect(startWebHost({ service, staticDir, allowRemote: true })).rejects.toThrow(/fixed token/);
    const remote = await startWebHost({ service, staticDir, token, allowRemote: true, metrics: () => collector.render() });
    const local = await startWebHost({ service, staticDir, token });
    try {
      const named = { Host: `web-1.example.net:${remote.port}` };
      const ok = await request(remote.port, '/metrics', { ...named, Authorization: `Bearer ${token}` });
      expect(ok.status).toBe(200);
      expect(families(ok.body).has('ephemera_sockets')).toBe(true);
      expect((await request(remote.port, '/metrics', named)).status).toBe(403);
      expect((await request(local.port, '/metrics', { Host: `web-1.example.net:${local.port}`, Authorization: `Bearer ${token}` })).status).toBe(403);
      expect((await request(local.port, '/metrics', { Host: `127.0.0.1:${local.port}`, Authorization: `Bearer ${token}` })).status).toBe(404);
    } finally {
      await remote.close();
      await local.close();
      collector.close();
      await service.close();
    }
  });
});
