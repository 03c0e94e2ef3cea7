import { describe, expect, it } from 'vitest';
import { UsageError, parseArgv, parsePortArg } from '../../shared/argv';
import type { ArgSpec } from '../../shared/argv';
import { COMMANDS, commandHelp, findCommand } from './commands';

const spec = (name: string): ArgSpec => findCommand(name)!.spec;

describe('parseArgv', () => {
  it('reads --name value, --name=value, short flags and positionals', () => {
    expect(parseArgv(['--format', 'csv', '-o', 'out.csv'], spec('export'))).toEqual({
      options: { format: 'csv', output: 'out.csv' },
      positionals: [],
    });
    expect(parseArgv(['--from=ss', 'cap.txt'], spec('parse'))).toEqual({ options: { from: 'ss' }, positionals: ['cap.txt'] });
    expect(parseArgv(['-'], spec('parse')).positionals).toEqual(['-']);
  });

  it('keeps filter negations (-state:listen) as filter words, but refuses unknown --options', () => {
    expect(parseArgv(['port:80', '-state:listen', '--json'], spec('ls'))).toEqual({
      options: { json: true },
      positionals: ['port:80', '-state:listen'],
    });
    expect(() => parseArgv(['--jsn'], spec('ls'))).toThrow(new UsageError('unknown option --jsn'));
    expect(() => parseArgv(['-x'], spec('who'))).toThrow(/unknown option -x/);
  });

  it('says what is missing or extra, and checks choices', () => {
    expect(() => parseArgv([], spec('who'))).toThrow(/missing port/);
    expect(() => parseArgv(['80', '81'], spec('who'))).toThrow(/unexpected argument '81'/);
    expect(() => parseArgv(['--format'], spec('export'))).toThrow(/--format needs a value/);
    expect(() => parseArgv(['--format', 'xml'], spec('export'))).toThrow(/one of json, csv, not 'xml'/);
    expect(() => parseArgv(['--json=yes'], spec('who'))).toThrow(/takes no value/);
  });

  it('answers --help even when required words are missing; -- ends options', () => {
    expect(parseArgv(['--help'], spec('who')).options.help).toBe(true);
    expect(parseArgv(['--', '--json'], spec('ls')).positionals).toEqual(['--json']);
  });
});

describe('parsePortArg', () => {
  it('takes plain decimal ports only', () => {
    expect(parsePortArg('60430', 'port')).toBe(60430);
    expect(parsePortArg('0', '--port', 0)).toBe(0);
    for (const bad of ['70000', 'abc', '0', '-1', '0x50', ' 80', '8e3', '']) {
      expect(() => parsePortArg(bad, 'port'), bad).toThrow(UsageError);
    }
  });
});

describe('help', () => {
  it('every command documents every option it accepts', () => {
    for (const c of COMMANDS) {
      const text = commandHelp(c);
      expect(text).toContain(`usage: ${c.usage}`);
      for (const name of Object.keys(c.spec.options)) expect(text, `${c.name} --${name}`).toContain(`--${name}`);
    }
  });
});
