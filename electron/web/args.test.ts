import { describe, expect, it } from 'vitest';
import { parseWebArgs } from './args';

describe('parseWebArgs', () => {
  it('defaults to a free port on 127.0.0.1', () => {
    expect(parseWebArgs([])).toEqual({ ok: true, args: { port: 0, host: '127.0.0.1', help: false, allowActions: false } });
    expect(parseWebArgs(['--allow-actions'])).toMatchObject({ ok: true, args: { allowActions: true } });
    expect(parseWebArgs(['--allow-actions=yes'])).toMatchObject({ ok: false });
  });

  it('takes --port N, --port=N and a loopback --host', () => {
    expect(parseWebArgs(['--port', '8123'])).toMatchObject({ ok: true, args: { port: 8123 } });
    expect(parseWebArgs(['--port=0', '--host', '::1'])).toMatchObject({ ok: true, args: { port: 0, host: '::1' } });
    expect(parseWebArgs(['--help'])).toMatchObject({ ok: true, args: { help: true } });
  });

  it('refuses bad values with one line', () => {
    for (const argv of [['--port'], ['--port', '65536'], ['--port', '-1'], ['--port', '8x'], ['--host', '0.0.0.0'], ['--verbose'], ['--port=']]) {
      const parsed = parseWebArgs(argv);
      expect(parsed.ok, argv.join(' ')).toBe(false);
      if (!parsed.ok) expect(parsed.error).not.toContain('\n');
    }
  });
});
