/**
 * endProcess: guards, then SIGTERM or SIGKILL (Windows: taskkill /PID n, /F for kill), then a
 * wait of up to 3 s for the process to go. Every effect (reading the process, signalling,
 * spawning taskkill, sleeping) is passed in, so the decisions are tested as plain functions and
 * the acceptance tests pass the real ones against real child processes.
 */
import type { ActionResult, EndProcessRequest, SignalName } from '../../../shared/action-model';
import type { ProcessFacts } from './process-facts';
import type { GuardContext } from './process-guard';
import { PERMISSION_TEXT, pidReused, refusalOf } from './process-guard';

/** What a spawned command printed. */
export interface RunOutput {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Set when the command could not start at all (e.g. ENOENT). */
  error?: string;
}

/** The effects endProcess uses. */
export interface EnderEffects {
  platform: NodeJS.Platform | string;
  guard: GuardContext;
  facts(pid: number): Promise<ProcessFacts | null>;
  /** process.kill: throws an error with `code` (EPERM, ESRCH) when refused. */
  signal(pid: number, signal: 'SIGTERM' | 'SIGKILL'): void;
  /** Runs a command (taskkill on Windows). */
  run(command: string, args: readonly string[]): Promise<RunOutput>;
  sleep(ms: number): Promise<void>;
  now(): number;
  /** How long to wait for the process to go, ms (3000). */
  waitMs?: number;
}

const SIGNALS: Record<SignalName, 'SIGTERM' | 'SIGKILL'> = { term: 'SIGTERM', kill: 'SIGKILL' };

/** "node (pid 4121)". */
export function processLabel(name: string | null, pid: number): string {
  return name === null || name === '' ? `pid ${pid}` : `${name} (pid ${pid})`;
}

type Sent = { ok: true } | { ok: false; outcome: ActionResult['outcome']; message: string };

function codeOf(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
}

/** Sends the signal through process.kill (Unix). */
function sendUnix(req: EndProcessRequest, label: string, effects: EnderEffects): Sent {
  try {
    effects.signal(req.pid, SIGNALS[req.signal]);
    return { ok: true };
  } catch (error) {
    const code = codeOf(error);
    if (code === 'EPERM') return { ok: false, outcome: 'permission-denied', message: `${label}: ${PERMISSION_TEXT}` };
    if (code === 'ESRCH') return { ok: false, outcome: 'no-such-process', message: `${label} had already exited` };
    return {
      ok: false,
      outcome: 'failed',
      message: `${label}: could not signal (${error instanceof Error ? error.message : String(error)})`,
    };
  }
}

/** Reads taskkill's answer: exit 0 sent; "Access is denied" → permission; 128 / "not found" → gone. */
export function taskkillOutcome(out: RunOutput, label: string): Sent {
  if (out.error !== undefined)
    return { ok: false, outcome: 'failed', message: `${label}: taskkill could not run (${out.error})` };
  if (out.code === 0) return { ok: true };
  const text = `${out.stdout}\n${out.stderr}`;
  if (/access is denied|zugriff verweigert/i.test(text))
    return { ok: false, outcome: 'permission-denied', message: `${label}: ${PERMISSION_TEXT}` };
  if (out.code === 128 || /not found/i.test(text))
    return { ok: false, outcome: 'no-such-process', message: `${label} had already exited` };
  return {
    ok: false,
    outcome: 'failed',
    message: `${label}: taskkill failed (${text.trim().split('\n')[0] ?? `exit ${out.code}`})`,
  };
}

/** True once the process is gone: no such pid, a newer process under it, or a zombie (its sockets are freed). */
function isGone(req: EndProcessRequest, facts: ProcessFacts | null): boolean {
  return facts === null || pidReused(req, facts) || facts.state === 'Z' || facts.state === 'X';
}

async function waitGone(req: EndProcessRequest, effects: EnderEffects): Promise<boolean> {
  const deadline = effects.now() + (effects.waitMs ?? 3000);
  for (;;) {
    if (isGone(req, await effects.facts(req.pid))) return true;
    if (effects.now() >= deadline) return false;
    await effects.sleep(50);
  }
}

/** Ends one process after the guards; never throws, every outcome is a result in words. */
export async function endProcess(req: EndProcessRequest, effects: EnderEffects): Promise<Omit<ActionResult, 'time'>> {
  const before = req.pid > 1 ? await effects.facts(req.pid) : null;
  const label = processLabel(before?.name ?? null, req.pid);
  const result = (outcome: ActionResult['outcome'], message: string) => ({
    action: 'end-process' as const,
    outcome,
    message,
    target: label,
  });
  const refusal = refusalOf(req, before, effects.guard);
  if (refusal !== null) return result('refused', refusal);
  if (before === null || isGone(req, before))
    return result('no-such-process', `pid ${req.pid} is not running (it has exited)`);
  const signalName = SIGNALS[req.signal];
  const sent =
    effects.platform === 'win32'
      ? taskkillOutcome(
          await effects.run('taskkill', ['/PID', String(req.pid), ...(req.signal === 'kill' ? ['/F'] : [])]),
          label,
        )
      : sendUnix(req, label, effects);
  if (!sent.ok) return result(sent.outcome, sent.message);
  const how = effects.platform === 'win32' ? (req.signal === 'kill' ? 'taskkill /F' : 'taskkill') : signalName;
  if (await waitGone(req, effects)) return result('gone', `${label} ended after ${how}`);
  const waited = (effects.waitMs ?? 3000) / 1000;
  const hint = req.signal === 'term' ? '; it may ignore the request: try kill (SIGKILL)' : '';
  return result('still-running', `${label} is still running ${waited} s after ${how}${hint}`);
}
