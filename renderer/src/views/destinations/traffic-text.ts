/**
 * Words for bytes per connection: totals and rates as the details and the destinations view
 * print them, so both read alike.
 */
import type { TcpInfoResult } from '../../../../shared/destination-model';
import { formatBytes } from '../../../../shared/format';

/** "1.25 MB/s", or "—" before a second read gives a rate. */
export function rateText(bytesPerSec: number | null): string {
  return bytesPerSec === null ? '—' : `${formatBytes(bytesPerSec)}/s`;
}

/** One line for a result's totals: "↑ 10.0 MB (1.2 MB/s) ↓ 200 B (0 B/s)", or why there are none. */
export function totalsText(r: TcpInfoResult): string {
  if (!r.available) return r.reason;
  const t = r.totals;
  return `↑ ${formatBytes(t.bytesAcked)} (${rateText(t.sendRate)}) · ↓ ${formatBytes(t.bytesReceived)} (${rateText(t.receiveRate)})`;
}
