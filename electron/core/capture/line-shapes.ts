/**
 * Each capture line recognized by its own shape, so grep-ed and headerless pastes are read: a
 * header or section title says which tool printed the lines under it; a row line names the formats
 * it could be a row of. The format of a file is then the one most of its rows are, and one file may
 * hold sections of several tools (a paste of `ss` and then `lsof`).
 */
import type { CaptureFormat } from '../../../shared/capture';
import { CAPTURE_FORMATS } from '../../../shared/capture';
import { isWin32Continuation } from '../sampler/win32-netstat-parse';

interface Shape {
  /** Lines that start a section of this format (column headers, titles). */
  header: RegExp;
  /** Lines that are a row of this format. */
  row: RegExp;
}

const WIN32_TITLES =
  /^\s*(Active Connections|Aktive Verbindungen|Connexions actives|Conexiones activas|Conexões ativas|Connessioni attive|Aktywne połączenia|Actieve verbindingen|Aktiva anslutningar|Активные подключения|活动连接|使用中の接続|アクティブな接続|활성 연결)\s*$/;
const WIN32_COLUMNS =
  /^\s*(Proto\s+(Local Address|Lokale Adresse|Adresse locale|Dirección local|Endereço local|Indirizzo locale|Adres lokalny|Lokaal adres)|协议\s+本地地址|Имя\s+Локальный адрес|プロトコル|프로토콜)/;

/** Every format's shapes. */
export const SHAPES: Readonly<Record<CaptureFormat, Shape>> = {
  'linux-proc': {
    header: /^\s*sl\s+local_address\s+rem(?:ote)?_address\s+st\s/,
    row: /^\s*\d+:\s+[0-9A-Fa-f]{8}(?:[0-9A-Fa-f]{24})?:[0-9A-Fa-f]{4}\s+[0-9A-Fa-f]{8}(?:[0-9A-Fa-f]{24})?:[0-9A-Fa-f]{4}\s+[0-9A-Fa-f]{2}\s/,
  },
  ss: {
    header: /^(Netid\s+State\s+Recv-Q\s+Send-Q\s|State\s+Recv-Q\s+Send-Q\s+Local Address:Port)/,
    row: /^\s*((tcp|udp)\s+)?(ESTAB|LISTEN|UNCONN|TIME-WAIT|SYN-SENT|SYN-RECV|FIN-WAIT-[12]|CLOSE-WAIT|LAST-ACK|CLOSING|CLOSED)\s+\d+\s+\d+\s+\S+:\S+\s+\S+:\S+/,
  },
  'linux-netstat': {
    header: /^\s*(Proto\s+Recv-Q\s+Send-Q\s+Local Address\s+Foreign Address\s+State\b|Active (Internet connections|UNIX domain sockets) \((servers and established|only servers|w\/o servers)\)|Proto\s+RefCnt\s+Flags\s+Type)/,
    // The port after the last ':' has no '.', which keeps macOS's 'tcp6 ... ::1.631' apart.
    row: /^\s*((tcp6?|udp6?|udpl6?|raw6?)\s+\d+\s+\d+\s+\S*:[\w*+-]+\s+\S*:[\w*+-]+(\s|$)|unix\s+\d+\s+\[)/,
  },
  'darwin-netstat': {
    header: /^(Proto\s+Recv-Q\s+Send-Q\s+Local Address\s+Foreign Address\s+\(state\)|Active Internet connections( \(including servers\))?\s*$|Active Multipath Internet connections|Active LOCAL \(UNIX\) domain sockets|Registered kernel control modules|Active kernel (event|control) sockets)/i,
    row: /^\s*(tcp|udp)(4|6|46)\s+\d+\s+\d+\s+\S+\.[\w*+-]+\s+\S+\.[\w*+-]+(\s|$)/,
  },
  'win32-netstat': {
    header: new RegExp(`${WIN32_TITLES.source}|${WIN32_COLUMNS.source}`),
    row: /^\s*(TCP|UDP)\s+\S+:\S+\s+\S+:\S+(\s|$)/,
  },
  lsof: {
    header: /^COMMAND\s+PID\s+(TID\s+)?(TASKCMD\s+)?USER\s+FD\s+TYPE\s+DEVICE\s/,
    row: /^\S+\s+\d+\s+(\d+\s+)?\S+\s+\S+\s+IPv[46]\s+\S+\s+\S+\s+\S+\s+\S/,
  },
};

/** What a line is, by its own shape. */
export type LineShape =
  | { kind: 'blank' }
  | { kind: 'header'; format: CaptureFormat }
  | { kind: 'row'; formats: CaptureFormat[] }
  | { kind: 'other' };

/** A cheap look before the row pattern: lsof rows name IPv4/IPv6, the others start with their proto. */
function mayBeRow(format: CaptureFormat, line: string): boolean {
  if (format === 'lsof') return line.includes('IPv');
  if (format === 'linux-proc') return line.includes(':');
  return true;
}

/** The shape of one line. */
export function lineShape(line: string): LineShape {
  if (line.trim() === '') return { kind: 'blank' };
  for (const format of CAPTURE_FORMATS) if (SHAPES[format].header.test(line)) return { kind: 'header', format };
  const formats = CAPTURE_FORMATS.filter((format) => mayBeRow(format, line) && SHAPES[format].row.test(line));
  return formats.length > 0 ? { kind: 'row', formats } : { kind: 'other' };
}

/** Which format each line belongs to (null: none), and what each line looked like. */
export interface LineAssignment {
  formats: (CaptureFormat | null)[];
  shapes: LineShape[];
  /** Rows per format, most first. */
  counts: { format: CaptureFormat; rows: number }[];
}

/** macOS sections after the internet one: their lines go to the darwin parser, which notes them. */
const DARWIN_OTHER = /^(Active Multipath|Active LOCAL|Registered kernel|Active kernel)/;

/**
 * Assigns every line: a header sets the format of the lines under it; a row line that fits that
 * format stays with it; a row that fits one format only goes to it; a row several formats fit goes
 * to the one most unambiguous rows have. Lines netstat -b prints under a Windows row, and lines in
 * the later macOS sections, go with their section.
 */
export function assignLines(lines: readonly string[]): LineAssignment {
  const shapes = lines.map(lineShape);
  const formats: (CaptureFormat | null)[] = new Array<CaptureFormat | null>(lines.length).fill(null);
  const tally = new Map<CaptureFormat, number>();
  const ambiguous: number[] = [];
  let current: CaptureFormat | null = null;
  let darwinOther = false;
  let previous: CaptureFormat | null = null;
  shapes.forEach((shape, i) => {
    const line = lines[i] ?? '';
    if (shape.kind === 'blank') return;
    if (shape.kind === 'header') {
      current = shape.format;
      darwinOther = shape.format === 'darwin-netstat' && DARWIN_OTHER.test(line.trim());
      formats[i] = shape.format;
      previous = null;
      return;
    }
    if (shape.kind === 'other') {
      if (darwinOther || (previous === 'win32-netstat' && isWin32Continuation(line))) formats[i] = current ?? previous;
      return;
    }
    const chosen = current !== null && shape.formats.includes(current) ? current : shape.formats.length === 1 ? shape.formats[0]! : null;
    if (chosen === null) ambiguous.push(i);
    else {
      formats[i] = chosen;
      tally.set(chosen, (tally.get(chosen) ?? 0) + 1);
    }
    previous = chosen ?? shape.formats[0] ?? null;
  });
  for (const i of ambiguous) {
    const shape = shapes[i];
    if (shape?.kind !== 'row') continue;
    const best = [...shape.formats].sort((a, b) => (tally.get(b) ?? 0) - (tally.get(a) ?? 0))[0]!;
    formats[i] = best;
    tally.set(best, (tally.get(best) ?? 0) + 1);
  }
  const counts = [...tally].map(([format, rows]) => ({ format, rows })).sort((a, b) => b.rows - a.rows);
  return { formats, shapes, counts };
}
