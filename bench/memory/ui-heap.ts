/**
 * The renderer's side of the memory bench: the real web UI, served by the web host over the run's
 * own service, open in Chromium while the load runs. Its JS heap is read through the Chrome
 * DevTools Protocol (Performance.getMetrics, after a forced collection so the figure is what
 * stays, not what waits for the collector).
 *
 * Playwright drives Chromium from a child process (this bench with `--ui-browser URL`, see
 * ui-browser.ts), never loaded in the service's: in-process, its bundle (two ~7 MB source strings
 * and ~7 MB of code) sat in the service's main heap and RSS, which the bench measures.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { PortService } from '../../electron/core/service/port-service';
import { startWebHost } from '../../electron/web/host';

/** Opens the UI (built into `staticDir`) on the service, in a browser driven by a child; read() gives its JS heap in MB. */
export async function openUi(service: PortService, staticDir: string, self: string): Promise<{ read(): Promise<number>; close(): Promise<void> }> {
  if (!existsSync(`${staticDir}/index.html`)) throw new Error(`no built renderer at ${staticDir}: run npm run build first`);
  const host = await startWebHost({ service, staticDir });
  // A child that cannot start the browser exits with the reason on stderr (inherited).
  const child = spawn(process.execPath, [self, '--ui-browser', host.url], { stdio: ['pipe', 'pipe', 'inherit'] });
  const answers: ((doc: { ready?: boolean; mb?: number }) => void)[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => answers.shift()?.(JSON.parse(line) as { ready?: boolean; mb?: number }));
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`the UI browser exited with ${code}`))));
  exited.catch(() => undefined);
  const next = (): Promise<{ ready?: boolean; mb?: number }> => Promise.race([new Promise<{ ready?: boolean; mb?: number }>((r) => answers.push(r)), exited]);
  await next();
  return {
    async read() {
      const answer = next();
      child.stdin!.write('read\n');
      return (await answer).mb ?? 0;
    },
    async close() {
      const gone = new Promise((r) => child.once('exit', r));
      child.stdin!.end();
      await Promise.race([gone, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      await host.close();
    },
  };
}
