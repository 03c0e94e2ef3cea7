/**
 * The real web host (electron/web/host) serving the built renderer, fed by the UI bench's
 * synthetic service instead of this machine: a table of 10,000 sockets that changes 4 times a
 * second holds steady only this way. For specs that need a load no real machine keeps still.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { startWebHost } from '../../electron/web/host';
import type { WebHost } from '../../electron/web/host';
import { createSyntheticService } from '../../bench/ui/synthetic-service';
import type { FeedOptions, SyntheticService } from '../../bench/ui/synthetic-service';

/** A running host over a synthetic feed. */
export interface SyntheticHost {
  host: WebHost;
  service: SyntheticService;
  close(): Promise<void>;
}

/** The bench's load: 10,000 sockets, 4 updates/s, 1% churn and 1% changed rows per update. */
export const BENCH_LOAD: FeedOptions = { sockets: 10_000, updatesPerSecond: 4, churn: 0.01, changes: 0.01 };

/** Starts the host on a free loopback port; the feed starts only when the caller says so. */
export async function startSyntheticHost(load: FeedOptions = BENCH_LOAD, root = process.cwd()): Promise<SyntheticHost> {
  const staticDir = path.join(root, 'out', 'renderer');
  if (!existsSync(path.join(staticDir, 'index.html'))) throw new Error(`${staticDir} has no build: run npm run build first`);
  const service = createSyntheticService(load);
  const host = await startWebHost({ service, staticDir });
  return {
    host,
    service,
    close: async () => {
      await service.close();
      await host.close();
    },
  };
}
