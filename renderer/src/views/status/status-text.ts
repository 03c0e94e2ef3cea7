/**
 * The status line's sentences, from the service's Status: what samples, how often, how many
 * owners are known and why not all, and whether sampling keeps up.
 */
import type { Status } from '../../../../shared/contract';
import { formatDuration, formatElapsed } from '../../../../shared/format';

/** "linux-procfs every 1 s". */
export function samplerText(status: Status): string {
  return `${status.source} every ${formatDuration(status.intervalMs)}`;
}

/** A warning when the last sample took longer than the interval, else null. */
export function stretchedText(status: Status): string | null {
  if (!status.stretched) return null;
  const took = status.lastSampleMs === null ? 'longer' : formatElapsed(status.lastSampleMs);
  return `sampling is behind: the last sample took ${took}, the interval is ${formatDuration(status.intervalMs)}`;
}

/** The destroy-event reader's state for the status line ("destroy events running (ss -E)"), and how loudly to say it. */
export function eventsText(events: string): { text: string; tone: 'quiet' | 'warn' } {
  const text = `destroy events ${events}`;
  return { text, tone: /^(restarting|failed|error)/i.test(events) ? 'warn' : 'quiet' };
}

/** The connect tracepoint's state ("exact owners: running (tracepoint)"), null before the service says. */
export function tracepointText(tracepoint: string | undefined): { text: string; tone: 'quiet' | 'warn' } | null {
  if (tracepoint === undefined) return null;
  return { text: `exact owners ${tracepoint}`, tone: /kernel refused|stopped/.test(tracepoint) ? 'warn' : 'quiet' };
}
