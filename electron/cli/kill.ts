/**
 * `ephemera kill <port>[/tcp|/udp] [--signal term|kill] [--dry-run] [--yes]`: ends whatever
 * holds a port, through the service's own preview, guards and endProcess. It always prints the
 * preview first; on a terminal without --yes it asks, without a terminal and without --yes it
 * stops there with exit 2. Exit 0 when every holder is gone and the port is free, 1 when nothing
 * held it or a holder survived (or the user said no), 2 for bad arguments.
 */
import { createInterface } from 'node:readline/promises';
import type { ActionPreview, ActionResult, PortCheck, SignalName } from '../../shared/action-model';
import { previewLines } from '../../shared/action-text';
import type { Proto, Snapshot } from '../../shared/model';
import type { PortService } from '../core/service/port-service';
import { flag, stringOption } from '../../shared/argv';
import type { ParsedArgs } from '../../shared/argv';
import type { CliContext } from './io';
import { write } from './io';
import { withSnapshot } from './one-shot';
import type { WhoTarget } from './who';
import { parseWhoTarget, targetText } from './who';

/** What kill was asked to do. */
interface KillPlan {
  target: WhoTarget;
  signal: SignalName;
  dryRun: boolean;
  yes: boolean;
}

function planOf(args: ParsedArgs): KillPlan {
  return {
    target: parseWhoTarget(args.positionals[0] ?? ''),
    signal: stringOption(args, 'signal') === 'kill' ? 'kill' : 'term',
    dryRun: flag(args, 'dry-run'),
    yes: flag(args, 'yes'),
  };
}

/** The preview as the terminal shows it. */
export function renderKillPreview(target: WhoTarget, preview: ActionPreview): string {
  const head = preview.processes.length === 0 ? preview.summary : `port ${targetText(target)} is held by:`;
  const body = previewLines(preview).map((line) => `  ${line}`);
  const tail = preview.processes.length === 0 ? [] : [preview.summary];
  return [head, ...body, ...tail].join('\n') + '\n';
}

/** Asks y/N on the terminal. */
async function confirm(ctx: CliContext, question: string): Promise<boolean> {
  const rl = createInterface({ input: ctx.stdin, output: ctx.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

/** Sockets on the port that no process is known to hold and that are no TIME_WAIT remnant. */
function unknownLive(snapshot: Snapshot, target: WhoTarget): number {
  return snapshot.sockets.filter(
    (s) =>
      s.localPort === target.port &&
      (target.proto === null || s.proto === target.proto) &&
      s.owner === null &&
      s.state !== 'TIME_WAIT',
  ).length;
}

/** The protocols whose binding decides "the port is free". */
function protosOf(target: WhoTarget, preview: ActionPreview): Proto[] {
  if (target.proto !== null) return [target.proto];
  const held = new Set(
    preview.processes.flatMap((p) => p.sockets.filter((s) => s.localPort === target.port).map((s) => s.proto)),
  );
  return held.size === 0 ? ['tcp'] : [...held].sort();
}

async function endAll(
  service: PortService,
  preview: ActionPreview,
  signal: SignalName,
  ctx: CliContext,
): Promise<ActionResult[]> {
  const results: ActionResult[] = [];
  for (const p of preview.processes.filter((x) => x.refusal === null)) {
    const result = await service.endProcess({ pid: p.pid, startTime: p.startTime, signal, nonce: preview.nonce });
    results.push(result);
    await write(
      result.outcome === 'gone' ? ctx.stdout : ctx.stderr,
      `${result.outcome === 'gone' ? '' : 'ephemera: '}${result.message}\n`,
    );
  }
  return results;
}

async function freeNow(
  service: PortService,
  target: WhoTarget,
  preview: ActionPreview,
  ctx: CliContext,
): Promise<boolean> {
  const checks: PortCheck[] = [];
  for (const proto of protosOf(target, preview)) checks.push(await service.checkPort({ port: target.port, proto }));
  const answers = checks.flatMap((c) => c.answers);
  const free = answers.every((a) => a.probe === 'free');
  const text = free
    ? `port ${targetText(target)} is free\n`
    : answers
        .filter((a) => a.probe !== 'free')
        .map((a) => `ephemera: ${a.text}\n`)
        .join('');
  await write(free ? ctx.stdout : ctx.stderr, text);
  return free;
}

/** Runs `ephemera kill`. */
export async function runKill(args: ParsedArgs, ctx: CliContext): Promise<number> {
  const plan = planOf(args);
  return withSnapshot(async (service, snapshot) => {
    const preview = await service.previewAction({
      kind: 'free-port',
      port: plan.target.port,
      proto: plan.target.proto,
    });
    await write(ctx.stdout, renderKillPreview(plan.target, preview));
    if (!preview.actionable) return 1;
    if (plan.dryRun) return write(ctx.stdout, 'dry run: nothing was sent\n').then(() => 0);
    if (!plan.yes) {
      if (ctx.stdin.isTTY !== true || ctx.stdout.isTTY !== true) {
        await write(ctx.stderr, 'ephemera: not a terminal, so not asking: add --yes to end them (nothing was sent)\n');
        return 2;
      }
      const n = preview.processes.filter((p) => p.refusal === null).length;
      if (
        !(await confirm(ctx, `End ${n} process${n === 1 ? '' : 'es'} with SIG${plan.signal.toUpperCase()}? [y/N] `))
      ) {
        return write(ctx.stdout, 'nothing was sent\n').then(() => 1);
      }
    }
    const results = await endAll(service, preview, plan.signal, ctx);
    const free = await freeNow(service, plan.target, preview, ctx);
    const survivors =
      results.some((r) => r.outcome !== 'gone') ||
      preview.processes.some((p) => p.refusal !== null) ||
      unknownLive(snapshot, plan.target) > 0;
    return free && !survivors ? 0 : 1;
  });
}
