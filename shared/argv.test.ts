import { describe, expect, it } from 'vitest';
import { listOption, numberOption, optionsOnly, parseScriptArgs, positiveInteger, scriptHelp } from './argv';

const doc = optionsOnly('node x.js [--n N] [--list A,B] [--quiet]', 'Does x.', {
  n: { type: 'string', value: 'N', help: 'how many' },
  list: { type: 'string', value: 'A,B', help: 'which' },
  quiet: { type: 'boolean', help: 'say less' },
});
const read = (argv: string[]) =>
  parseScriptArgs(argv, doc, (args) => ({ n: numberOption(args, 'n', 10), list: listOption(args, 'list', [1], positiveInteger) }));

describe('parseScriptArgs', () => {
  it('reads the settings, with fallbacks', () => {
    expect(read([])).toEqual({ kind: 'run', value: { n: 10, list: [1] } });
    expect(read(['--n', '3', '--list=4,5', '--quiet'])).toEqual({ kind: 'run', value: { n: 3, list: [4, 5] } });
  });

  it('answers --help and -h before checking anything else', () => {
    for (const argv of [['--help'], ['-h'], ['--bogus', '--help'], ['--n', 'x', '-h']]) {
      expect(read(argv)).toEqual({ kind: 'help', text: scriptHelp(doc) });
    }
    expect(scriptHelp(doc)).toMatch(/^usage: node x\.js .*\n\nDoes x\.\n\noptions:\n {6}--n N .*how many\n[\s\S]*-h, --help/);
  });

  it('refuses unknown flags, stray words and bad values in one line naming them', () => {
    expect(read(['--bogus'])).toEqual({ kind: 'refused', message: 'unknown option --bogus' });
    expect(read(['extra'])).toEqual({ kind: 'refused', message: "unexpected argument 'extra'" });
    expect(read(['--n', '0'])).toEqual({ kind: 'refused', message: "--n must be a whole number of at least 1, not '0'" });
    expect(read(['--n', '2.5'])).toMatchObject({ kind: 'refused' });
    expect(read(['--list', '4,,5'])).toEqual({ kind: 'refused', message: "--list has a bad item '' in '4,,5'" });
    expect(read(['--quiet=yes'])).toEqual({ kind: 'refused', message: '--quiet takes no value' });
  });
});
