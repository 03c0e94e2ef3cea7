/**
 * An action preview in plain lines (each process with pid, user, command line, its sockets,
 * refusals and notes, then the ports freed), the same words for the tray's native dialog and the
 * CLI, so what the user confirms reads alike everywhere.
 */
import type { ActionPreview } from './action-model';
import { formatEndpoint } from './format';
import type { Socket } from './model';

/** Socket lines shown per process. */
const SOCKET_LINES = 8;

/** "tcp 127.0.0.1:3000 → 0.0.0.0:* LISTEN". */
export function socketLine(s: Socket): string {
  return `${s.proto} ${formatEndpoint(s.localAddress, s.localPort)} → ${formatEndpoint(s.remoteAddress, s.remotePort)} ${s.state}`;
}

/** The preview as lines; `indent` prefixes the per-process detail lines. */
export function previewLines(preview: ActionPreview, indent = '  '): string[] {
  const lines: string[] = [];
  for (const p of preview.processes) {
    lines.push(`${p.name || 'process'} · pid ${p.pid}${p.user === null ? '' : ` · ${p.user}`}`);
    if (p.cmdline.length > 0) lines.push(`${indent}${p.cmdline.join(' ').slice(0, 300)}`);
    for (const s of p.sockets.slice(0, SOCKET_LINES)) lines.push(`${indent}${socketLine(s)}`);
    if (p.socketCount > SOCKET_LINES) lines.push(`${indent}… and ${p.socketCount - SOCKET_LINES} more sockets`);
    if (p.refusal !== null) lines.push(`${indent}refused: ${p.refusal}`);
    if (p.note !== null) lines.push(`${indent}note: ${p.note}`);
  }
  if (preview.connection !== null) lines.push(`connection: ${socketLine(preview.connection)}`);
  if (preview.portsFreed.length > 0)
    lines.push(`Ports freed: ${preview.portsFreed.map((r) => `${r.port}/${r.proto}`).join(', ')}`);
  return lines;
}
