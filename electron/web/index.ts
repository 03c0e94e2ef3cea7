/**
 * `npm run serve` (node out/node/web.js): runs the port service headless and serves the UI on
 * loopback. Prints exactly one line, the URL with its token, on stdout; everything else
 * (refusals, shutdown) goes to stderr. Bad arguments get one line and exit code 2; --help the usage.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { actionsLine } from '../core/actions/action-gate';
import { createPortService } from '../core/service/port-service';
import { scriptArgs } from '../core/script-args';
import { readWebArgs, WEB_USAGE } from './args';
import { messageOf } from './dispatch';
import { startWebHost } from './host';

async function main(): Promise<void> {
  const args = scriptArgs('ephemera web', WEB_USAGE, readWebArgs);
  const staticDir = fileURLToPath(new URL('../renderer/', import.meta.url));
  if (!existsSync(path.join(staticDir, 'index.html'))) {
    process.stderr.write(`ephemera web: no built renderer in ${staticDir}; run npm run build\n`);
  }
  const service = createPortService({ tracepoint: args.tracepoint });
  const host = await startWebHost({
    service,
    port: args.port,
    host: args.host,
    staticDir,
    log: (line) => process.stderr.write(`ephemera web: ${line}\n`),
    allowActions: args.allowActions,
  });
  process.stdout.write(`Ephemera web host: ${host.url}\n`);
  process.stdout.write(`${actionsLine(args.allowActions)}\n`);

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await host.close();
    await service.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  process.stderr.write(`ephemera web: ${messageOf(err)}\n`);
  process.exit(1);
});
