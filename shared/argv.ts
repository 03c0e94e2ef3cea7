/**
 * A small strict argument parser for every command line of the project: the `ephemera` CLI, the
 * web host and the benchmarks. node:util's parseArgs cannot tell a filter term such as
 * `-state:listen` from an unknown short option, and its messages are long; this one knows which
 * commands take free filter words and says what went wrong in one short line. Pure, so both
 * electron/ and bench/ import it; the printing and exit codes are electron/core/script-args.
 */

/** Thrown for anything the user typed wrong; the CLI prints its message and exits with 2. */
export class UsageError extends Error {
  /** The command it is about, when known, so the message can point at that command's help. */
  command: string | undefined;
  constructor(message: string, command?: string) {
    super(message);
    this.name = 'UsageError';
    this.command = command;
  }
}

/** One option a command accepts. */
export interface OptionSpec {
  type: 'boolean' | 'string';
  short?: string;
  /** Placeholder in help, e.g. 'FILE'; string options only. */
  value?: string;
  /** Allowed values; anything else is a usage error naming them. */
  choices?: readonly string[];
  help: string;
}

/** What a command's arguments look like. */
export interface ArgSpec {
  options: Readonly<Record<string, OptionSpec>>;
  /** Positional names in order; a trailing '...' name takes every remaining word. */
  positionals: readonly string[];
  /** How many positionals are required. */
  required: number;
  /** Words starting with one '-' that are no known option are positionals (filter negation). */
  dashWordsArePositional?: boolean;
}

/** Parsed arguments: option values by long name, positionals in order. */
export interface ParsedArgs {
  options: Record<string, string | boolean | undefined>;
  positionals: string[];
}

const variadic = (spec: ArgSpec): boolean => spec.positionals.at(-1)?.endsWith('...') ?? false;

function findOption(spec: ArgSpec, word: string): [string, OptionSpec] | undefined {
  if (word.startsWith('--')) {
    const name = word.slice(2);
    const option = spec.options[name];
    return option === undefined ? undefined : [name, option];
  }
  return Object.entries(spec.options).find(([, o]) => o.short !== undefined && `-${o.short}` === word);
}

function checkChoice(name: string, option: OptionSpec, value: string): void {
  if (option.choices !== undefined && !option.choices.includes(value)) {
    throw new UsageError(`--${name} must be one of ${option.choices.join(', ')}, not '${value}'`);
  }
}

/** Takes the value of a string option from `--name=value` or the next word. */
function takeValue(name: string, inline: string | undefined, next: string | undefined): [string, number] {
  if (inline !== undefined) {
    if (inline === '') throw new UsageError(`--${name} needs a value`);
    return [inline, 0];
  }
  if (next === undefined || (next.startsWith('-') && next !== '-')) throw new UsageError(`--${name} needs a value`);
  return [next, 1];
}

/** Parses a command's words (after the command name); throws UsageError on anything unknown or missing. */
export function parseArgv(argv: readonly string[], spec: ArgSpec): ParsedArgs {
  const options: ParsedArgs['options'] = {};
  const positionals: string[] = [];
  let onlyPositionals = false;
  for (let i = 0; i < argv.length; i += 1) {
    const word = argv[i] ?? '';
    if (onlyPositionals || word === '-' || !word.startsWith('-')) {
      positionals.push(word);
      continue;
    }
    if (word === '--') {
      onlyPositionals = true;
      continue;
    }
    const eq = word.startsWith('--') ? word.indexOf('=') : -1;
    const bare = eq >= 0 ? word.slice(0, eq) : word;
    const found = findOption(spec, bare);
    if (found === undefined) {
      if (!word.startsWith('--') && spec.dashWordsArePositional === true) {
        positionals.push(word);
        continue;
      }
      throw new UsageError(`unknown option ${bare}`);
    }
    const [name, option] = found;
    if (option.type === 'boolean') {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      options[name] = true;
      continue;
    }
    const [value, used] = takeValue(name, eq >= 0 ? word.slice(eq + 1) : undefined, argv[i + 1]);
    checkChoice(name, option, value);
    options[name] = value;
    i += used;
  }
  // --help answers even when the rest of the line is incomplete.
  if (options.help !== true) checkPositionals(spec, positionals);
  return { options, positionals };
}

function checkPositionals(spec: ArgSpec, positionals: readonly string[]): void {
  if (positionals.length < spec.required) {
    throw new UsageError(`missing ${spec.positionals[positionals.length]?.replace('...', '') ?? 'argument'}`);
  }
  if (!variadic(spec) && positionals.length > spec.positionals.length) {
    throw new UsageError(`unexpected argument '${positionals[spec.positionals.length] ?? ''}'`);
  }
}

/** Option value as a string, or undefined (booleans never reach here by construction). */
export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const v = args.options[name];
  return typeof v === 'string' ? v : undefined;
}

/** True when a boolean option was given. */
export function flag(args: ParsedArgs, name: string): boolean {
  return args.options[name] === true;
}

/**
 * A port number 1..65535 from text, with the name of what it is for in the message.
 * Only plain decimal digits: '0x50', '8e3' and ' 80' are refused rather than guessed.
 */
export function parsePortArg(text: string, what: string, min = 1): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535 || Number(text) < min) {
    throw new UsageError(`${what} must be a whole number from ${min} to 65535, not '${text}'`);
  }
  return Number(text);
}

/** The help lines of a spec's options, aligned: `  -o, --output FILE  file to write`. */
export function optionLines(spec: ArgSpec): string[] {
  const rows = Object.entries(spec.options).map(([name, o]) => {
    const flags = `${o.short === undefined ? '    ' : `-${o.short}, `}--${name}${o.value === undefined ? '' : ` ${o.value}`}`;
    return [flags, o.help] as const;
  });
  const width = Math.max(...rows.map(([f]) => f.length));
  return rows.map(([f, h]) => `  ${f.padEnd(width)}  ${h}`);
}

/** A script's command line: what it is called, what it does, what it takes. */
export interface ScriptDoc {
  /** The usage line without "usage: ", e.g. 'node out/node/bench.js [--json] [--sizes N,N]'. */
  usage: string;
  /** What the script does, a few lines. */
  summary: string;
  spec: ArgSpec;
}

/** The --help text of a script. */
export function scriptHelp(doc: ScriptDoc): string {
  return `usage: ${doc.usage}\n\n${doc.summary}\n\noptions:\n${optionLines(doc.spec).join('\n')}\n`;
}

/** The outcome of a script's command line: run with these settings, print help, or refuse. */
export type ScriptArgs<T> = { kind: 'run'; value: T } | { kind: 'help'; text: string } | { kind: 'refused'; message: string };

/**
 * Parses a script's argv (without node and the script) and turns it into settings with `read`,
 * which may throw UsageError for a bad value. `--help`/`-h` wins over anything else.
 */
export function parseScriptArgs<T>(argv: readonly string[], doc: ScriptDoc, read: (args: ParsedArgs) => T): ScriptArgs<T> {
  if (argv.includes('--help') || argv.includes('-h')) return { kind: 'help', text: scriptHelp(doc) };
  try {
    return { kind: 'run', value: read(parseArgv(argv, doc.spec)) };
  } catch (error) {
    if (error instanceof UsageError) return { kind: 'refused', message: error.message };
    throw error;
  }
}

/** A string option read as a number of at least `min` (whole unless `fraction`), or the fallback. */
export function numberOption(args: ParsedArgs, name: string, fallback: number, min = 1): number {
  const text = stringOption(args, name);
  if (text === undefined) return fallback;
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be a whole number of at least ${min}, not '${text}'`);
  return n;
}

/** A comma-separated list option (`--rates 200,1000`), each item checked by `item`, or the fallback. */
export function listOption<T>(args: ParsedArgs, name: string, fallback: readonly T[], item: (word: string) => T | undefined): T[] {
  const text = stringOption(args, name);
  if (text === undefined) return [...fallback];
  const words = text.split(',');
  const items = words.map(item);
  const bad = words.find((_, i) => items[i] === undefined);
  if (bad !== undefined || words.length === 0) throw new UsageError(`--${name} has a bad item '${bad ?? ''}' in '${text}'`);
  return items as T[];
}

/** A list item that is a whole number above 0 (for listOption). */
export const positiveInteger = (word: string): number | undefined => (/^\d+$/.test(word) && Number(word) > 0 ? Number(word) : undefined);

/** The standard --help option every spec lists. */
export const HELP_OPTION: OptionSpec = { type: 'boolean', short: 'h', help: 'show this help' };

/** A script that takes options only (no positionals); --help is added last. */
export function optionsOnly(usage: string, summary: string, options: Readonly<Record<string, OptionSpec>>): ScriptDoc {
  return { usage, summary, spec: { options: { ...options, help: HELP_OPTION }, positionals: [], required: 0 } };
}
