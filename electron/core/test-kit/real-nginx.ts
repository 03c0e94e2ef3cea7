/**
 * A real nginx (master + workers) for tests and the fidelity benchmark: started in the
 * foreground (`daemon off;`) with its own config, pid file, logs and temp folders in a fresh temp
 * dir, listening on a free loopback port, and stopped (and its folder removed) by `stop()`.
 * Shared listening sockets are what this exists for: every worker holds the master's listener.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A running nginx. */
export interface RealNginx {
  port: number;
  master: number;
  workers: number[];
  stop(): Promise<void>;
}

const NGINX = '/usr/sbin/nginx';

/** Why nginx cannot be run here, or null when it can. */
export function nginxMissing(): string | null {
  const r = spawnSync(NGINX, ['-v'], { encoding: 'utf8' });
  return r.error === undefined && r.status === 0 ? null : `nginx not installed (${NGINX}; apt-get install nginx-light)`;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}

function config(dir: string, port: number, workers: number, reusePort: boolean): string {
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${dir}/${t};`).join('\n');
  return `worker_processes ${workers};
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
${temp}
  server {
    listen 127.0.0.1:${port}${reusePort ? ' reuseport' : ''} backlog=4096;
    location / { return 200 "ok\\n"; }
  }
}
`;
}

/** The pids whose parent is `ppid` (from /proc/<pid>/stat). */
export function childrenOf(ppid: number): number[] {
  const kids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === ppid) kids.push(Number(name));
    } catch {
      // gone while listing
    }
  }
  return kids.sort((a, b) => a - b);
}

function connects(port: number): Promise<boolean> {
  return new Promise((done) => {
    const s = createConnection(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      done(true);
    });
    s.once('error', () => done(false));
  });
}

async function waitReady(child: ChildProcess, port: number, workers: number, dir: string): Promise<number[]> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${readFileSync(`${dir}/error.log`, 'utf8').trim()}`);
    const kids = childrenOf(child.pid ?? -1);
    if (kids.length >= workers && (await connects(port))) return kids;
    await new Promise((done) => setTimeout(done, 50));
  }
  throw new Error('nginx did not come up within 5 s');
}

/**
 * Starts nginx with `workers` worker processes on a free 127.0.0.1 port; with `reusePort`, every
 * worker gets its own listening socket on that port (`listen ... reuseport`, SO_REUSEPORT).
 */
export async function startNginx(workers = 2, reusePort = false): Promise<RealNginx> {
  const dir = mkdtempSync(join(tmpdir(), 'ephemera-nginx-'));
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    writeFileSync(join(dir, 'nginx.conf'), config(dir, port, workers, reusePort));
    writeFileSync(join(dir, 'error.log'), '');
    const child = spawn(NGINX, ['-p', dir, '-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf')], { stdio: 'ignore' });
    try {
      const kids = await waitReady(child, port, workers, dir);
      const stop = async (): Promise<void> => {
        if (child.exitCode === null) {
          const exited = new Promise((done) => child.once('exit', done));
          child.kill('SIGTERM');
          await Promise.race([exited, new Promise((done) => setTimeout(done, 3000))]);
          if (child.exitCode === null) child.kill('SIGKILL');
        }
        rmSync(dir, { recursive: true, force: true });
      };
      return { port, master: child.pid ?? -1, workers: kids, stop };
    } catch (error) {
      child.kill('SIGKILL');
      // Another test may have taken the port between the probe and nginx's bind: try again.
      if (attempt >= 3) {
        rmSync(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }
}
