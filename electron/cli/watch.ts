/**
 * `ephemera watch`: the port service ticking in this process, its deltas counted by the watch
 * model and drawn in place on the terminal's alternate screen. q, Ctrl-C or SIGTERM quits and
 * the terminal is restored (cursor, screen, raw mode) on every way out. On a non-terminal
 * stdout it appends one line per sample instead.
 */
import type { Reconciliation } from '../../shared/churn-model';
import { createPortService } from '../core/service/port-service';
import type { PortService } from '../core/service/port-service';
import { chooseSource } from '../core/sampler/choose-source';
import { MAX_INTERVAL_MS, MIN_INTERVAL_MS } from '../core/sampler/scheduler';
import { UsageError } from '../../shared/argv';
import { colorEnabled, painter } from './color';
import type { CliContext } from './io';
import { messageOf } from './io';
import { parseFilterArg } from './ls';
import { createWatchModel } from './watch-model';
import { renderWatch, watchLogLine } from './watch-view';

const ENTER = '\u001b[?1049h\u001b[?25l';
const LEAVE = '\u001b[?25h\u001b[?1049l';
const HOME = '\u001b[H';
const CLEAR_LINE = '\u001b[K';
const CLEAR_BELOW = '\u001b[J';

/** Reads --interval: whole ms within the sampler's limits. */
export function parseIntervalArg(text: string | undefined): number {
  if (text === undefined) return 1000;
  const ms = /^\d{1,6}$/.test(text) ? Number(text) : NaN;
  if (!(ms >= MIN_INTERVAL_MS && ms <= MAX_INTERVAL_MS)) {
    throw new UsageError(`--interval must be a whole number of ms from ${MIN_INTERVAL_MS} to ${MAX_INTERVAL_MS}, not '${text}'`);
  }
  return ms;
}

/** True when the locale says the terminal takes UTF-8 (for the sparkline's block glyphs). */
function unicodeLocale(env: CliContext['env']): boolean {
  return /utf-?8/i.test(env.LC_ALL ?? env.LC_CTYPE ?? env.LANG ?? '');
}

/** Starts the key and signal handlers; resolves when the user asks to quit. */
function quitRequested(ctx: CliContext): { done: Promise<void>; release(): void } {
  let resolve: () => void = () => undefined;
  const done = new Promise<void>((r) => (resolve = r));
  const onKey = (data: Buffer | string): void => {
    const text = data.toString();
    if (text.includes('q') || text.includes('Q') || text.includes('\u0003')) resolve();
  };
  const raw = ctx.stdin.isTTY === true;
  if (raw) ctx.stdin.setRawMode(true);
  ctx.stdin.on('data', onKey);
  ctx.stdin.resume();
  process.on('SIGINT', resolve);
  process.on('SIGTERM', resolve);
  process.on('SIGHUP', resolve);
  return {
    done,
    release() {
      ctx.stdin.off('data', onKey);
      if (raw) ctx.stdin.setRawMode(false);
      ctx.stdin.pause();
      process.off('SIGINT', resolve);
      process.off('SIGTERM', resolve);
      process.off('SIGHUP', resolve);
    },
  };
}

/** Keeps the model in step with the service, resubscribing after a gap. */
function follow(service: PortService, model: ReturnType<typeof createWatchModel>, redraw: () => void): () => void {
  let resubscribing = false;
  const resubscribe = (): void => {
    if (resubscribing) return;
    resubscribing = true;
    void service
      .subscribe({})
      .then(({ snapshot }) => model.reset(snapshot))
      .finally(() => (resubscribing = false));
  };
  return service.on('delta', (delta) => {
    if (model.apply(delta) === 'gap') resubscribe();
    else redraw();
  });
}

/** Runs the watch until quit; resolves with the exit code. */
export async function runWatch(filterText: string, intervalText: string | undefined, ctx: CliContext): Promise<number> {
  const filter = parseFilterArg(filterText);
  const intervalMs = parseIntervalArg(intervalText);
  const tty = ctx.stdout.isTTY === true;
  const paint = painter(colorEnabled(tty, ctx.env));
  // watch shows no remote names (its tuples stay numeric), so it looks none up.
  const service = createPortService({ inProcessSource: chooseSource(), intervalMs, resolveNames: false });
  const model = createWatchModel(filter);
  let reconciliation: Reconciliation | null = null;
  let source = 'starting';
  let lastError: string | null = null;
  const draw = (): void => {
    const figures = model.figures();
    if (!tty) {
      if (figures !== null) ctx.stdout.write(watchLogLine(figures) + '\n');
      return;
    }
    const lines = renderWatch({
      figures,
      filterText,
      source,
      intervalMs,
      reconciliation,
      lastError,
      width: ctx.stdout.columns || 80,
      height: ctx.stdout.rows || 24,
      unicode: unicodeLocale(ctx.env),
      paint,
    });
    ctx.stdout.write(HOME + lines.map((l) => l + CLEAR_LINE).join('\r\n') + CLEAR_BELOW);
  };
  const restore = (): void => {
    if (tty) ctx.stdout.write(LEAVE);
  };
  if (tty) ctx.stdout.write(ENTER);
  process.on('exit', restore);
  const quit = quitRequested(ctx);
  const offs = [
    follow(service, model, draw),
    service.on('churn', (c) => (reconciliation = c.reconciliation)),
    service.on('status', (s) => {
      source = s.source;
      lastError = s.errors.at(-1) ?? null;
    }),
  ];
  const onResize = (): void => draw();
  ctx.stdout.on('resize', onResize);
  try {
    draw();
    service
      .subscribe({})
      .then(({ snapshot }) => model.reset(snapshot))
      .catch((error: unknown) => (lastError = messageOf(error)))
      .finally(draw);
    await quit.done;
    return 0;
  } finally {
    for (const off of offs) off();
    ctx.stdout.off('resize', onResize);
    quit.release();
    await service.close();
    restore();
    process.off('exit', restore);
  }
}
