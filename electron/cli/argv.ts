/**
 * A small strict argument parser for the CLI. node:util's parseArgs cannot tell a filter term
 * such as `-state:listen` from an unknown short option, and its messages are long; this one
 * knows which commands take free filter words and says what went wrong in one short line.
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
