/**
 * The tray's words: the tooltip (every platform) and the short title macOS shows beside the
 * icon. Pure, so what the user reads is tested from plain figures.
 */
import { formatCount } from '../../../shared/format';
import type { TrayFigures } from './tray-figures';

/** Windows truncates notification-area tooltips at 127 characters; stay inside it everywhere. */
export const TOOLTIP_MAX = 127;

const opens = (f: TrayFigures) => (f.opensPerSecond === null ? '– opens/s' : `${formatCount(f.opensPerSecond)} opens/s`);

/** E.g. "312 sockets · 41 ephemeral · 12 opens/s", with "· paused" while sampling is paused. */
export function tooltipText(figures: TrayFigures | null): string {
  if (!figures) return 'Ephemera · starting…';
  const parts = [
    `${formatCount(figures.sockets)} ${figures.sockets === 1 ? 'socket' : 'sockets'}`,
    `${formatCount(figures.ephemeral)} ephemeral`,
    opens(figures),
  ];
  if (figures.paused) parts.push('paused');
  const text = parts.join(' · ');
  return text.length <= TOOLTIP_MAX ? text : `${text.slice(0, TOOLTIP_MAX - 1)}…`;
}

/** The macOS menu-bar title: short, so it does not crowd the bar ("41 eph · 12/s", "paused"). */
export function trayTitle(figures: TrayFigures | null): string {
  if (!figures) return '';
  if (figures.paused) return 'paused';
  const rate = figures.opensPerSecond === null ? '–' : formatCount(figures.opensPerSecond);
  return `${formatCount(figures.ephemeral)} eph · ${rate}/s`;
}
