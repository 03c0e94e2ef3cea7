import { describe, expect, it } from 'vitest';
import { parseScriptArgs } from '../../shared/argv';
import { readWebArgs, WEB_USAGE } from './args';

const parse = (argv: string[]) => parseScriptArgs(argv, WEB_USAGE, readWebArgs);

describe('the web host arguments', () => {
  it('defaults to a free port on 127.0.0.1', () => {
    expect(parse([])).toEqual({ kind: 'run', value: { port: 0, host: '127.0.0.1', allowActions: false, tracepoint: false } });
    expect(parse(['--tracepoint'])).toMatchObject({ kind: 'run', value: { tracepoint: true } });
    expect(parse(['--allow-actions'])).toMatchObject({ kind: 'run', value: { allowActions: true } });
    expect(parse(['--allow-actions=yes'])).toMatchObject({ kind: 'refused' });
  });

  it('takes --port N, --port=N and a loopback --host; --help wins', () => {
    expect(parse(['--port', '8123'])).toMatchObject({ kind: 'run', value: { port: 8123 } });
    expect(parse(['--port=0', '--host', '::1'])).toMatchObject({ kind: 'run', value: { port: 0, host: '::1' } });
    expect(parse(['--port', '99999', '--help'])).toMatchObject({ kind: 'help', text: expect.stringMatching(/^usage: node out\/node\/web\.js/) });
  });

  it('refuses bad values and unknown flags with one line that names them', () => {
    for (const argv of [['--port'], ['--port', '65536'], ['--port', '-1'], ['--port', '8x'], ['--host', '0.0.0.0'], ['--verbose'], ['--port='], ['extra']]) {
      const parsed = parse(argv);
      expect(parsed.kind, argv.join(' ')).toBe('refused');
      if (parsed.kind === 'refused') expect(parsed.message).not.toContain('\n');
    }
    expect(parse(['--verbose'])).toEqual({ kind: 'refused', message: 'unknown option --verbose' });
  });
});
