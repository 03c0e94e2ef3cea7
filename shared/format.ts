/**
 * Text formatting shared by the renderer, exports and the CLI, so a port, a duration or a size
 * reads the same everywhere. Pure and locale-independent: tests and screenshots are stable.
 */

/**
 * `addr:port`, with IPv6 addresses in brackets (`[::1]:443`) so the port is never read as part of
 * the address. Port 0 (a wildcard or unconnected peer) shows as `*`, as ss does.
 */
export function formatEndpoint(address: string, port: number): string {
  const host = address.includes(':') ? `[${address}]` : address;
  return `${host}:${port === 0 ? '*' : String(port)}`;
}

/** Integers with thousands separators ("10,000"), identical on every locale. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '—';
  const sign = n < 0 ? '-' : '';
  const digits = String(Math.round(Math.abs(n)));
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * A duration as a person reads it: "850 ms", "12 s", "3 m 05 s", "2 h 03 m", "4 d 06 h".
 * Two units at most, so columns of ages stay short.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} m ${pad2(s % 60)} s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h} h ${pad2(m % 60)} m`;
  return `${Math.floor(h / 24)} d ${pad2(h % 24)} h`;
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/** A byte size in binary units with three significant digits ("1.23 MiB", "512 B"). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const text = unit === 0 ? String(Math.round(value)) : value.toPrecision(3);
  return `${text} ${BYTE_UNITS[unit] ?? 'B'}`;
}

/** A fraction (0..1) as a percentage with one decimal below 10 % ("3.4 %", "57 %"). */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return '—';
  const pct = fraction * 100;
  if (pct > 0 && pct < 0.1) return '<0.1 %';
  return `${pct < 10 ? pct.toFixed(1) : Math.round(pct).toString()} %`;
}

/** An epoch-ms time as local wall-clock "HH:MM:SS", for histories and logs. */
export function formatClock(epochMs: number): string {
  if (!Number.isFinite(epochMs)) return '—';
  const d = new Date(epochMs);
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

/** A short "how long ago" for events ("now", "12 s ago"), relative to a given now. */
export function formatAgo(epochMs: number, now: number): string {
  const delta = now - epochMs;
  if (delta < 1000) return 'now';
  return `${formatDuration(delta)} ago`;
}

/** A measured duration with the precision timings need ("850 ms", "1.4 s", "12.0 s"). */
export function formatElapsed(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
