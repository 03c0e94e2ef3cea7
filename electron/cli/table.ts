/**
 * Aligned text columns for `ls` and `who`: widths from the plain text, color added after
 * padding so escape codes never shift a column, and no trailing spaces on any line.
 */
import type { Paint, Style } from './color';

/** A column: its header and which side its text hugs. */
export interface Column {
  header: string;
  align?: 'left' | 'right';
}

/** A cell: plain text, or text with a style. */
export type Cell = string | { text: string; style: Style | null };

const textOf = (c: Cell): string => (typeof c === 'string' ? c : c.text);
const styleOf = (c: Cell): Style | null => (typeof c === 'string' ? null : c.style);
/** Display width in code points; socket tables are ASCII but process names may not be. */
const widthOf = (text: string): number => [...text].length;

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - widthOf(text)));
  return align === 'right' ? fill + text : text + fill;
}

/** Renders a header line and one line per row, columns two spaces apart, each line ending in '\n'. */
export function renderTable(columns: readonly Column[], rows: readonly (readonly Cell[])[], paint: Paint): string {
  const widths = columns.map((c, i) => Math.max(widthOf(c.header), ...rows.map((r) => widthOf(textOf(r[i] ?? '')))));
  const line = (cells: readonly Cell[], header: boolean): string => {
    const parts = columns.map((c, i) => {
      const cell = cells[i] ?? '';
      const last = i === columns.length - 1;
      const align = c.align ?? 'left';
      const text = last && align === 'left' ? textOf(cell) : pad(textOf(cell), widths[i] ?? 0, align);
      return paint(header ? 'bold' : styleOf(cell), text);
    });
    return parts.join('  ').trimEnd() + '\n';
  };
  return line(columns.map((c) => c.header), true) + rows.map((r) => line(r, false)).join('');
}
