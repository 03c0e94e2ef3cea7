/**
 * Real child processes for the action tests: a Node or Python TCP listener on a free port of
 * 127.0.0.1 (optionally ignoring SIGTERM, optionally as another user), with its start time read
 * from /proc, so tests end real processes with real signals and check the port afterwards.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { parseProcStat } from '../owners/proc-stat';

/** A running child listener. */
export interface ChildListener {
  child: ChildProcess;
  pid: number;
  port: number;
  /** Local ports of the connections it opened (see ChildOptions.connections). */
  locals: number[];
  startTime: number;
  /** Resolves with the signal (or exit code) once the child has exited. */
  exited: Promise<string>;
  alive(): boolean;
  /** SIGKILLs it if it still runs; for afterEach. */
  stop(): Promise<void>;
}

/** Options of a child listener. */
export interface ChildOptions {
  lang?: 'node' | 'python';
  ignoreTerm?: boolean;
  uid?: number;
  /** Connections the child opens once it listens (their local ports are printed as `locals`). */
  connections?: number;
  /** Where those connections go (default: the child's own port). */
  connectTo?: number;
}

const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

function nodeScript(o: ChildOptions): string {
  return [
    o.ignoreTerm ? "process.on('SIGTERM', () => {});" : '',
    "const net = require('net');",
    "const s = net.createServer((c) => c.on('error', () => {})).listen(0, '127.0.0.1', () => {",
    '  const port = s.address().port; const locals = [];',
    `  const n = ${o.connections ?? 0}; const to = ${o.connectTo ?? 0} || port;`,
    '  const done = () => console.log(JSON.stringify({ port, locals }));',
    '  if (n === 0) return done();',
    "  for (let i = 0; i < n; i++) { const c = net.connect(to, '127.0.0.1', () => { locals.push(c.localPort); if (locals.length === n) done(); }); c.on('error', () => {}); }",
    '});',
  ].join('\n');
}

function pythonScript(o: ChildOptions): string {
  return [
    'import json, signal, socket, sys, time',
    o.ignoreTerm ? 'signal.signal(signal.SIGTERM, signal.SIG_IGN)' : '',
    's = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(8)',
    'print(json.dumps({"port": s.getsockname()[1], "locals": []})); sys.stdout.flush()',
    'while True: time.sleep(1)',
  ].join('\n');
}

/** The start time (field 22 of /proc/<pid>/stat) of a running pid. */
export function startTimeOf(pid: number): number {
  const stat = parseProcStat(readFileSync(`/proc/${pid}/stat`, 'latin1'));
  if (stat === null) throw new Error(`unreadable /proc/${pid}/stat`);
  return stat.startTime;
}

/** Starts a listener child and resolves once it printed its port. */
export async function spawnListener(options: ChildOptions = {}): Promise<ChildListener> {
  const lang = options.lang ?? 'node';
  const [cmd, args] =
    lang === 'node' ? [process.execPath, ['-e', nodeScript(options)]] : [PYTHON, ['-u', '-c', pythonScript(options)]];
  const ids = options.uid === undefined ? {} : { uid: options.uid, gid: options.uid };
  const child = spawn(cmd, args, { ...ids, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? `exit ${code}`)),
  );
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${lang} child printed no port within 10 s`)), 10_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!out.includes('\n')) return;
      clearTimeout(timer);
      resolve(out.split('\n')[0] ?? '');
    });
    void exited.then((how) => reject(new Error(`${lang} child exited early (${how})`)));
  });
  const { port, locals } = JSON.parse(line) as { port: number; locals: number[] };
  const pid = child.pid!;
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    child,
    pid,
    port,
    locals,
    startTime: startTimeOf(pid),
    exited,
    alive,
    stop: async () => {
      if (!alive()) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** True when this process can listen on 127.0.0.1:port right now (the port is free). */
export function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}
