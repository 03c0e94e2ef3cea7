import { describe, expect, it } from 'vitest';
import { SGR, stripSgr } from './cli-test-kit';
import { colorEnabled, painter } from './color';
import { renderTable } from './table';


describe('colorEnabled', () => {
  it('colors a TTY only, never with NO_COLOR set or TERM=dumb', () => {
    expect(colorEnabled(true, {})).toBe(true);
    expect(colorEnabled(false, {})).toBe(false);
    expect(colorEnabled(undefined, {})).toBe(false);
    expect(colorEnabled(true, { NO_COLOR: '1' })).toBe(false);
    expect(colorEnabled(true, { NO_COLOR: '' })).toBe(true);
    expect(colorEnabled(true, { TERM: 'dumb' })).toBe(false);
  });
});

describe('renderTable', () => {
  const columns = [{ header: 'NAME' }, { header: 'PID', align: 'right' as const }, { header: 'NOTE' }];
  const rows = [
    ['node', '7', { text: 'LISTEN', style: 'green' as const }],
    ['a-much-longer-name', '12345', ''],
  ];

  it('aligns columns by their plain width, right-aligns numbers, leaves no trailing spaces', () => {
    expect(renderTable(columns, rows, painter(false))).toBe(
      'NAME                  PID  NOTE\n' + 'node                    7  LISTEN\n' + 'a-much-longer-name  12345\n',
    );
  });

  it('adds color around padded text, so stripping the codes gives the plain table back', () => {
    const colored = renderTable(columns, rows, painter(true));
    expect(colored).toMatch(SGR);
    expect(stripSgr(colored)).toBe(renderTable(columns, rows, painter(false)));
  });
});
