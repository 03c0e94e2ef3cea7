import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, csvField, parseCsv, parseCsvRecords, toCsv } from './csv';

describe('csvField / toCsv', () => {
  it('quotes only fields with a comma, quote, CR or LF, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
    expect(csvField('')).toBe('');
    expect(toCsv([['a', 'b'], ['1', 'x,y']])).toBe('a,b\r\n1,"x,y"\r\n');
  });
});

describe('parseCsv', () => {
  it('reads RFC 4180 text, CRLF or LF, with or without a final line end', () => {
    expect(parseCsv('a,b\r\n1,"x,y"\r\n')).toEqual([['a', 'b'], ['1', 'x,y']]);
    expect(parseCsv('a,b\n"q""q",\n')).toEqual([['a', 'b'], ['q"q', '']]);
    expect(parseCsv('a,"multi\r\nline"')).toEqual([['a', 'multi\r\nline']]);
    expect(parseCsv('a,')).toEqual([['a', '']]);
    expect(parseCsv('')).toEqual([]);
  });

  it('refuses unterminated quotes and stray quotes, saying where', () => {
    expect(() => parseCsv('a,"open')).toThrow(/unterminated quoted field at character 2/);
    expect(() => parseCsv('a,b"c')).toThrow(/quote inside an unquoted field at character 3/);
    expect(() => parseCsv('"a"b')).toThrow(/expected a comma or a line end/);
  });

  it('round-trips any rows of any strings (property)', () => {
    const row = fc.array(fc.string({ unit: fc.constantFrom('a', ',', '"', '\r', '\n', ' ', 'é', 'z') }), { minLength: 1, maxLength: 6 });
    const rows = fc.array(row, { maxLength: 8 }).filter((rs) => rs.every((r) => !(r.length === 1 && r[0] === '')));
    fc.assert(
      fc.property(rows, (rs) => {
        expect(parseCsv(toCsv(rs))).toEqual(rs);
      }),
    );
  });

  it('either parses or throws CsvSyntaxError on arbitrary text (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', ',', '"', '\r', '\n') }), (text) => {
        try {
          parseCsv(text);
        } catch (error) {
          expect(error).toBeInstanceOf(CsvSyntaxError);
        }
      }),
    );
  });
});

describe('parseCsvRecords', () => {
  it('keys rows by header and refuses a short row', () => {
    expect(parseCsvRecords('a,b\r\n1,2\r\n')).toEqual({ columns: ['a', 'b'], records: [{ a: '1', b: '2' }] });
    expect(() => parseCsvRecords('a,b\r\n1\r\n')).toThrow(/row 2 has 1 fields, the header has 2/);
  });
});
