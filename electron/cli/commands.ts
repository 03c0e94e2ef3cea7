/**
 * Every command of `ephemera`: its arguments and its help text, in one table, so `--help`,
 * `ephemera help <cmd>` and the parser can never disagree about what a command takes.
 */
import { CAPTURE_FORMATS } from '../../shared/capture';
import { HELP_OPTION, optionLines } from '../../shared/argv';
import type { ArgSpec, OptionSpec } from '../../shared/argv';

/** The name of a command. */
export type CommandName = 'who' | 'ls' | 'watch' | 'export' | 'parse' | 'serve' | 'kill' | 'top-destinations' | 'help';

/** A command's arguments and help. */
export interface CommandDoc {
  name: CommandName;
  usage: string;
  summary: string;
  /** Paragraphs after the usage line. */
  details: string;
  spec: ArgSpec;
}

const HELP = HELP_OPTION;
const JSON_OUT: OptionSpec = { type: 'boolean', help: 'print JSON instead of columns' };
const NUMERIC: OptionSpec = { type: 'boolean', short: 'n', help: 'show numbers: do not look up names of remote addresses' };

/** Every command, in the order help lists them. */
export const COMMANDS: readonly CommandDoc[] = [
  {
    name: 'who',
    usage: 'ephemera who <port>[/tcp|/udp] [--json] [-n]',
    summary: 'what is using a port: every socket on it with its owner',
    details:
      'Prints every socket whose local port is <port>: protocol, state, remote end, and the owning\n' +
      'process (pid, name, path, user). "(unknown)" means the OS did not say who owns it (another\n' +
      "user's process without root, or a TIME_WAIT remnant that no process holds any more).\n" +
      'Exit code: 0 when something holds the port, 1 when nothing does, 2 for bad arguments.',
    spec: { options: { json: JSON_OUT, numeric: NUMERIC, help: HELP }, positionals: ['port'], required: 1 },
  },
  {
    name: 'ls',
    usage: 'ephemera ls [filter] [--json | --csv] [-n]',
    summary: "list sockets, filtered with the app's query language",
    details:
      'The filter is the one the app uses: space-separated terms that must all match, e.g.\n' +
      '  port:443  lport:32768-60999  proc:node  pid:1234  state:listen,estab  proto:tcp6\n' +
      '  remote:10.0.0.0/8  eph (local port in the OS ephemeral range)  iana:dynamic  -state:time_wait\n' +
      '--json and --csv print the export rows (the socket plus IANA class, ephemeral-range flag,\n' +
      'service names, first-seen time and remoteHost). Color only on a terminal, never when NO_COLOR\n' +
      'is set. Remote ends are shown by name (/etc/hosts for local addresses, DNS for public ones,\n' +
      'waiting at most 2.5 s); -n shows numbers and looks nothing up.',
    spec: {
      options: { json: JSON_OUT, csv: { type: 'boolean', help: 'print CSV (the export columns)' }, numeric: NUMERIC, help: HELP },
      positionals: ['filter...'],
      required: 0,
      dashWordsArePositional: true,
    },
  },
  {
    name: 'watch',
    usage: 'ephemera watch [filter] [--interval MS]',
    summary: 'live churn: births and deaths per second, occupancy, top churners',
    details:
      'Redraws in place every sample. Counts connections: a socket whose address pair was not in\n' +
      'the previous sample is a birth, one whose pair is gone is a death. With a filter, only\n' +
      'matching sockets count. q or Ctrl-C quits and restores the terminal.',
    spec: {
      options: { interval: { type: 'string', value: 'MS', help: 'sampling interval, 250..10000 ms (default 1000)' }, help: HELP },
      positionals: ['filter...'],
      required: 0,
      dashWordsArePositional: true,
    },
  },
  {
    name: 'export',
    usage: 'ephemera export --format json|csv -o FILE',
    summary: 'write a snapshot export, the same file the app writes',
    details:
      'Samples once and writes the export atomically (a temporary file renamed into place, so the\n' +
      'file is whole or absent). -o - writes to standard output instead.',
    spec: {
      options: {
        format: { type: 'string', value: 'json|csv', choices: ['json', 'csv'], help: 'export format' },
        output: { type: 'string', short: 'o', value: 'FILE', help: 'file to write (- for standard output)' },
        help: HELP,
      },
      positionals: [],
      required: 0,
    },
  },
  {
    name: 'parse',
    usage: `ephemera parse FILE|- [filter] [--from auto|${CAPTURE_FORMATS.join('|')}] [--json | --csv]`,
    summary: 'read a capture taken on another machine and show its sockets like ls',
    details:
      'Reads a saved or pasted socket table (FILE, or - for standard input, at most 8 MB) and shows\n' +
      'its sockets in the columns of ls, through the same filter (port:443 state:listen proc:node ...).\n' +
      'Known: cat /proc/net/{tcp,udp}* (linux-proc), ss (ss), Linux netstat -tulpn/-antp/-anp\n' +
      '(linux-netstat), macOS netstat -anv or -a (darwin-netstat), Windows netstat -ano/-anob\n' +
      '(win32-netstat, any language and console code page) and lsof -i (lsof). Lines may come\n' +
      'without headers (grep, findstr) and with names (no -n/-P): names are kept, ports come from the\n' +
      'IANA table. --json prints {source, sockets} with the export rows, --csv the export columns; a\n' +
      'summary goes to standard error. Lines that are no rows are counted there, never guessed.',
    spec: {
      options: {
        from: { type: 'string', value: 'FORMAT', choices: ['auto', ...CAPTURE_FORMATS], help: 'capture format (default auto: line by line)' },
        json: JSON_OUT,
        csv: { type: 'boolean', help: 'print CSV (the export columns)' },
        help: HELP,
      },
      positionals: ['FILE', 'filter...'],
      required: 1,
      dashWordsArePositional: true,
    },
  },
  {
    name: 'serve',
    usage: 'ephemera serve [--port N] [--host ADDR] [--metrics] [--allow-remote --token-file FILE] [--allow-actions] [-n]',
    summary: 'run the web host (the UI in a browser), optionally with Prometheus /metrics',
    details:
      'Serves the UI on loopback and prints its URL with a random token. --metrics adds /metrics in\n' +
      'the Prometheus text format behind the same token (Authorization: Bearer <token>).\n' +
      'A host other than loopback needs --allow-remote and --token-file FILE (the token, one line)\n' +
      'and prints a warning: anyone who can reach the port and holds the token sees every socket.\n' +
      '--allow-actions lets the page end processes and close connections (off by default); each\n' +
      'action still needs the token, the page\'s own Origin and a fresh confirmation from its preview.',
    spec: {
      options: {
        port: { type: 'string', value: 'N', help: 'TCP port (default 0: any free port)' },
        host: { type: 'string', value: 'ADDR', help: 'address to bind (default 127.0.0.1)' },
        metrics: { type: 'boolean', help: 'serve Prometheus metrics at /metrics' },
        'allow-remote': { type: 'boolean', help: 'allow a non-loopback --host' },
        'token-file': { type: 'string', value: 'FILE', help: 'read the access token from FILE' },
        'allow-actions': { type: 'boolean', help: 'let the page end processes and close connections' },
        numeric: { type: 'boolean', short: 'n', help: 'start with "Resolve names" off (the UI can turn it on)' },
        help: HELP,
      },
      positionals: [],
      required: 0,
    },
  },
  {
    name: 'top-destinations',
    usage: 'ephemera top-destinations [--json] [-n] [--seconds N] [--limit N]',
    summary: 'which destinations churn through the ephemeral ports, and who calls them',
    details:
      'Samples for --seconds (default 5), then lists remote (address, port, proto) by births per\n' +
      'second: connections now, median lifetime, TIME_WAIT, occupancy of the ephemeral range for the\n' +
      'busiest local address with the time until it is full at the current rate, and the calling\n' +
      'processes with their births. A caller marked ? was partly inferred: its connections were first\n' +
      'seen in TIME_WAIT, where no process holds them any more.',
    spec: {
      options: {
        json: JSON_OUT,
        numeric: NUMERIC,
        seconds: { type: 'string', value: 'N', help: 'seconds to sample, 2..60 (default 5)' },
        limit: { type: 'string', value: 'N', help: 'destinations to list, 1..30 (default 10)' },
        help: HELP,
      },
      positionals: [],
      required: 0,
    },
  },
  {
    name: 'kill',
    usage: 'ephemera kill <port>[/tcp|/udp] [--signal term|kill] [--dry-run] [--yes]',
    summary: 'free a port: end the processes that hold it, after a preview',
    details:
      'Prints what holds the port (each process with pid, user, command line and sockets) and what\n' +
      'would be freed, then ends those processes: SIGTERM by default (taskkill on Windows), SIGKILL\n' +
      '(taskkill /F) with --signal kill, waiting up to 3 s for each to go. The guards refuse pid 0 and 1,\n' +
      'kernel threads, this command itself and its parent, and a pid whose start time changed.\n' +
      'On a terminal it asks first unless --yes; without a terminal and without --yes it prints the\n' +
      'preview and exits 2. --dry-run only prints the preview (exit 0 when something could be ended).\n' +
      'Exit code: 0 every holder is gone and the port is free; 1 nothing held it, a holder survived\n' +
      "(another user's without root, a refusal, a process ignoring SIGTERM) or you said no; 2 bad arguments.",
    spec: {
      options: {
        signal: { type: 'string', value: 'term|kill', choices: ['term', 'kill'], help: 'SIGTERM (default) or SIGKILL' },
        'dry-run': { type: 'boolean', help: 'print the preview only; never act' },
        yes: { type: 'boolean', short: 'y', help: 'do not ask (needed without a terminal)' },
        help: HELP,
      },
      positionals: ['port'],
      required: 1,
    },
  },
  {
    name: 'help',
    usage: 'ephemera help [command]',
    summary: 'show help for a command',
    details: 'Same as ephemera <command> --help.',
    spec: { options: { help: HELP }, positionals: ['command'], required: 0 },
  },
];

/** A command by name, or undefined. */
export function findCommand(name: string): CommandDoc | undefined {
  return COMMANDS.find((c) => c.name === name);
}

/** The help text of one command. */
export function commandHelp(doc: CommandDoc): string {
  return `usage: ${doc.usage}\n\n${doc.summary}\n\n${doc.details}\n\noptions:\n${optionLines(doc.spec).join('\n')}\n`;
}

/** The top-level help: every command with its one-line summary. */
export function mainHelp(version: string): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return (
    `ephemera ${version}: which process owns which socket, and what churns through the ephemeral ports\n\n` +
    `usage: ephemera <command> [options]\n\ncommands:\n${lines.join('\n')}\n\n` +
    'ephemera <command> --help shows a command in detail.\n' +
    'Exit codes: 0 success, 1 failure (or, for who, nothing holds the port), 2 bad arguments.\n'
  );
}
