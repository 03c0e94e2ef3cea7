/**
 * `npm run serve` (node out/node/web.js): runs the port service headless and serves the UI on
 * loopback. Prints exactly one line, the URL with its token, on stdout; everything else
 * (refusals, shutdown) goes to stderr. Bad arguments get one line and exit code 2.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { actionsLine } from '../core/actions/action-gate';
import { createPortService } from '../core/service/port-service';
import { parseWebArgs, USAGE } from './args';
import { messageOf } from './dispatch';
import { startWebHost } from './host';

async function main(): Promise<void> {
  const parsed = parseWebArgs(process.argv.slice(2));
  if (!parsed.ok) {
    process.stderr.write(`ephemera web: ${parsed.error}\n`);
    process.exit(2);
  }
  if (parsed.args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const staticDir = fileURLToPath(new URL('../renderer/', import.meta.url));
  if (!existsSync(path.join(staticDir, 'index.html'))) {
    process.stderr.write(`ephemera web: no built renderer in ${staticDir}; run npm run build\n`);
  }
  const service = createPortService();
  const host = await startWebHost({
    service,
    port: parsed.args.port,
    host: parsed.args.host,
    staticDir,
    log: (line) => process.stderr.write(`ephemera web: ${line}\n`),
    allowActions: parsed.args.allowActions,
  });
  process.stdout.write(`Ephemera web host: ${host.url}\n`);
  process.stdout.write(`${actionsLine(parsed.args.allowActions)}\n`);

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
