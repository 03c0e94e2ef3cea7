/**
 * The `ephemera` command line: finds the command, parses its arguments strictly and runs it.
 * Every outcome is an exit code: 0 success, 1 failure (for who: nothing holds the port),
 * 2 bad arguments, reported in one line that points at --help.
 */
import { version } from '../../package.json';
import type { CaptureFormat } from '../../shared/capture';
import { readCapture } from '../core/capture/read-capture';
import { UsageError, flag, parseArgv, stringOption } from '../../shared/argv';
import type { ParsedArgs } from '../../shared/argv';
import { colorEnabled, painter } from './color';
import { COMMANDS, commandHelp, findCommand, mainHelp } from './commands';
import type { CommandName } from './commands';
import { messageOf, write } from './io';
import type { CliContext } from './io';
import { lsFooter, parseFilterArg, renderLs, selectSockets } from './ls';
import { peerNames, withSnapshot } from './one-shot';
import { parseSecondsArg, renderTopDestinations, topDestinationsJson } from './top-destinations';
import { DESTINATION_LIMIT } from '../../shared/destination-model';
import { readCaptureFile, readCaptureStream } from '../core/capture/capture-file';
import { captureSummary, renderCapture, selectCaptureSockets } from './parse-command';
import { runKill } from './kill';
import { runServe } from './serve';
import { runWatch } from './watch';
import { bindProtos, describeOwners, holdersOf, parseWhoTarget, renderBind, renderWho, whoJson } from './who';

type Handler = (args: ParsedArgs, ctx: CliContext) => Promise<number>;

const paintFor = (ctx: CliContext) => painter(colorEnabled(ctx.stdout.isTTY, ctx.env));

const outputFormat = (args: ParsedArgs): 'table' | 'json' | 'csv' => {
  if (flag(args, 'json') && flag(args, 'csv')) throw new UsageError('choose one of --json and --csv');
  return flag(args, 'json') ? 'json' : flag(args, 'csv') ? 'csv' : 'table';
};

const who: Handler = async (args, ctx) => {
  const target = parseWhoTarget(args.positionals[0] ?? '');
  const numeric = flag(args, 'numeric');
  const out = await withSnapshot(
    async (service, snapshot) => {
      const held = holdersOf(snapshot.sockets, target);
      const protos = bindProtos(target, held);
      const [rows, checks] = await Promise.all([
        describeOwners(held),
        Promise.all(protos.map((proto) => service.checkPort({ port: target.port, proto }))),
      ]);
      if (flag(args, 'json')) return { rows, text: whoJson(target, rows, checks) };
      const nameOf = await peerNames(service, numeric ? [] : rows.map((r) => r.socket.remoteAddress));
      return { rows, text: renderWho(target, rows, paintFor(ctx), nameOf) + renderBind(checks) };
    },
    { resolveNames: !numeric },
  );
  await write(ctx.stdout, out.text);
  return out.rows.length > 0 ? 0 : 1;
};

const ls: Handler = async (args, ctx) => {
  const format = outputFormat(args);
  const filter = parseFilterArg(args.positionals.join(' '));
  const numeric = flag(args, 'numeric');
  const text = await withSnapshot(
    async (service, snapshot) => {
      const chosen = selectSockets(snapshot, filter);
      const nameOf = await peerNames(service, numeric ? [] : chosen.filter((s) => s.remotePort !== 0).map((s) => s.remoteAddress));
      const body = renderLs(snapshot, chosen, format, paintFor(ctx), nameOf);
      if (format !== 'table' || chosen.length === 0) return body;
      return body + lsFooter(snapshot, chosen, await service.getStatus({}));
    },
    { resolveNames: !numeric },
  );
  await write(ctx.stdout, text);
  return 0;
};

const exportCommand: Handler = async (args, ctx) => {
  const format = stringOption(args, 'format');
  const output = stringOption(args, 'output');
  if (format !== 'json' && format !== 'csv') throw new UsageError('export needs --format json or --format csv');
  if (output === undefined) throw new UsageError('export needs -o FILE (or -o - for standard output)');
  await withSnapshot(async (service, snapshot) => {
    if (output === '-') {
      await write(ctx.stdout, (await service.exportSnapshot({ format })).content);
      return;
    }
    const written = await service.writeExport(format, output);
    const count = snapshot.sockets.length;
    await write(ctx.stderr, `wrote ${count} sockets to ${written.path} (${written.bytes} bytes)\n`);
  });
  return 0;
};

const parse: Handler = async (args, ctx) => {
  const [file = '', ...filterWords] = args.positionals;
  const from = (stringOption(args, 'from') ?? 'auto') as CaptureFormat | 'auto';
  const format = outputFormat(args);
  const filter = parseFilterArg(filterWords.join(' '));
  const name = file === '-' ? 'standard input' : file;
  const bytes = file === '-' ? await readCaptureStream(ctx.stdin) : await readCaptureFile(file);
  const read = readCapture({ bytes }, name, from);
  if (!read.ok) {
    await write(ctx.stderr, `ephemera: ${read.error}\n`);
    return 1;
  }
  const sockets = selectCaptureSockets(read.capture, filter);
  await write(ctx.stdout, renderCapture(read.capture, sockets, format, paintFor(ctx)));
  await write(ctx.stderr, `${captureSummary(read.capture, sockets.length)}\n`);
  return 0;
};

const help: Handler = async (args, ctx) => {
  const name = args.positionals[0];
  if (name === undefined) return write(ctx.stdout, mainHelp(version)).then(() => 0);
  const doc = findCommand(name);
  if (doc === undefined) throw new UsageError(`unknown command '${name}'`);
  await write(ctx.stdout, commandHelp(doc));
  return 0;
};

const topDestinations: Handler = async (args, ctx) => {
  const seconds = parseSecondsArg(stringOption(args, 'seconds'));
  const limitText = stringOption(args, 'limit') ?? '10';
  const limit = /^\d{1,2}$/.test(limitText) ? Number(limitText) : NaN;
  if (!(limit >= 1 && limit <= DESTINATION_LIMIT)) throw new UsageError(`--limit must be a whole number from 1 to ${DESTINATION_LIMIT}, not '${limitText}'`);
  const numeric = flag(args, 'numeric');
  const text = await withSnapshot(
    async (service) => {
      const view = await service.getDestinations({});
      const nameOf = await peerNames(service, numeric ? [] : view.destinations.slice(0, limit).map((d) => d.remoteAddress));
      return flag(args, 'json') ? topDestinationsJson(view, nameOf, limit) : renderTopDestinations(view, paintFor(ctx), nameOf, limit);
    },
    { resolveNames: !numeric, samples: seconds + 1, intervalMs: 1000 },
  );
  await write(ctx.stdout, text);
  return 0;
};

const HANDLERS: Readonly<Record<CommandName, Handler>> = {
  who,
  ls,
  watch: (args, ctx) => runWatch(args.positionals.join(' '), stringOption(args, 'interval'), ctx),
  export: exportCommand,
  parse,
  serve: runServe,
  kill: runKill,
  'top-destinations': topDestinations,
  help,
};

async function dispatch(argv: readonly string[], ctx: CliContext): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h') return help({ options: {}, positionals: [] }, ctx);
  if (first === '--version' || first === '-V') return write(ctx.stdout, `${version}\n`).then(() => 0);
  if (first.startsWith('-')) throw new UsageError(`unknown option ${first.split('=')[0] ?? first}`);
  const doc = findCommand(first);
  if (doc === undefined) {
    throw new UsageError(`unknown command '${first}' (commands: ${COMMANDS.map((c) => c.name).join(', ')})`);
  }
  try {
    const args = parseArgv(rest, doc.spec);
    if (flag(args, 'help')) return await write(ctx.stdout, commandHelp(doc)).then(() => 0);
    return await HANDLERS[doc.name](args, ctx);
  } catch (error) {
    if (error instanceof UsageError) error.command ??= doc.name;
    throw error;
  }
}

/** Runs one command line (argv without node and the script) and resolves with the exit code. */
export async function runCli(argv: readonly string[], ctx: CliContext): Promise<number> {
  try {
    return await dispatch(argv, ctx);
  } catch (error) {
    if (error instanceof UsageError) {
      const helpOf = error.command === undefined ? 'ephemera' : `ephemera ${error.command}`;
      await write(ctx.stderr, `ephemera: ${error.message} (see ${helpOf} --help)\n`);
      return 2;
    }
    await write(ctx.stderr, `ephemera: ${messageOf(error)}\n`);
    return 1;
  }
}
