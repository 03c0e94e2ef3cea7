/**
 * RFC 4180 CSV writing and reading. The writer quotes only what must be quoted; the reader is
 * strict, so an export can be proven to round-trip and a damaged file is named, not misread.
 */

const NEEDS_QUOTES = /[",\r\n]/;

/** One field, quoted when it holds a comma, a double quote, CR or LF (quotes doubled). */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Rows to CSV text with CRLF line ends, as RFC 4180 asks; ends with a CRLF. */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.map(csvField).join(',') + '\r\n').join('');
}

/** Thrown for text that is not valid RFC 4180, with the offset where reading stopped. */
export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(`${message} at character ${at}`);
    this.name = 'CsvSyntaxError';
  }
}

/** Reads a quoted field starting at the opening quote; returns the value and the index after the closing quote. */
function readQuoted(text: string, start: number): [string, number] {
  let value = '';
  let i = start + 1;
  for (;;) {
    const q = text.indexOf('"', i);
    if (q < 0) throw new CsvSyntaxError('unterminated quoted field', start);
    value += text.slice(i, q);
    if (text[q + 1] === '"') {
      value += '"';
      i = q + 2;
    } else {
      return [value, q + 1];
    }
  }
}

/** Reads an unquoted field; a quote inside one is refused. */
function readPlain(text: string, start: number): [string, number] {
  let i = start;
  while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
    if (text[i] === '"') throw new CsvSyntaxError('quote inside an unquoted field', i);
    i += 1;
  }
  return [text.slice(start, i), i];
}

/**
 * Parses CSV text into rows of fields. Accepts CRLF or LF line ends and a missing final line
 * end; refuses unterminated quotes and stray quotes.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    const [value, end] = text[i] === '"' ? readQuoted(text, i) : readPlain(text, i);
    row.push(value);
    i = end;
    const c = text[i];
    if (c === ',') {
      i += 1;
      if (i === text.length) row.push('');
    } else if (c === '\r' || c === '\n' || c === undefined) {
      rows.push(row);
      row = [];
      i += c === '\r' && text[i + 1] === '\n' ? 2 : c === undefined ? 0 : 1;
    } else {
      throw new CsvSyntaxError('expected a comma or a line end after a quoted field', i);
    }
  }
  if (row.length > 0) rows.push(row);
  return rows;
}

/** Parses CSV with a header row into its columns and records keyed by column name; every row must have every column. */
export function parseCsvRecords(text: string): { columns: string[]; records: Record<string, string>[] } {
  const [columns = [], ...rows] = parseCsv(text);
  const records = rows.map((r, n) => {
    if (r.length !== columns.length) {
      throw new Error(`CSV row ${n + 2} has ${r.length} fields, the header has ${columns.length}`);
    }
    return Object.fromEntries(columns.map((name, k) => [name, r[k] ?? '']));
  });
  return { columns, records };
}
