/**
 * One sample of this machine for the one-shot commands (who, ls, export): the port service run
 * in-process for a single tick, so the rows, owners, first-seen times and export bytes are the
 * app's own, without a worker thread or a sampling loop.
 */
import type { Snapshot } from '../../shared/model';
import { createPortService } from '../core/service/port-service';
import type { PortService } from '../core/service/port-service';
import { chooseSource } from '../core/sampler/choose-source';

/** How long to wait for the first sample before giving up, ms. */
const FIRST_SAMPLE_MS = 10_000;

/** How long a one-shot command waits for names before it prints numbers for the rest, ms. */
export const NAME_WAIT_MS = 2500;

/** Names of the peers of some sockets, waited for at most NAME_WAIT_MS (empty with names off). */
export async function peerNames(service: PortService, addresses: Iterable<string>): Promise<(address: string) => string | null> {
  const wanted = [...new Set(addresses)];
  const timer = new Promise<void>((resolve) => setTimeout(resolve, NAME_WAIT_MS).unref());
  await Promise.race([service.resolveNames(wanted), timer]);
  return (address) => service.hostName(address) ?? null;
}

/** What a one-shot command can ask of its service. */
export interface OneShotOptions {
  /** Look up names of remote addresses (false for -n). Default true. */
  resolveNames?: boolean;
  /** Samples to take before `use` runs (default 1; more give rates, e.g. top-destinations). */
  samples?: number;
  intervalMs?: number;
}

/** Runs `use` with a service that has taken one sample (or `samples`), then closes the service. */
export async function withSnapshot<T>(
  use: (service: PortService, snapshot: Snapshot) => Promise<T>,
  options: OneShotOptions = {},
): Promise<T> {
  const samples = options.samples ?? 1;
  const service = createPortService({
    resolveNames: options.resolveNames ?? true,
    inProcessSource: chooseSource(),
    // One tick is all a one-shot command needs; the longest interval keeps a second one away.
    intervalMs: samples > 1 ? (options.intervalMs ?? 1000) : 10_000,
    firstSampleWaitMs: FIRST_SAMPLE_MS,
  });
  try {
    let { snapshot } = await service.subscribe({});
    if (samples > 1 && snapshot.seq > 0) snapshot = await moreSamples(service, snapshot.seq + samples - 1);
    if (snapshot.seq === 0) {
      const status = await service.getStatus({});
      throw new Error(`could not sample the socket table: ${status.errors.at(-1) ?? 'no sample within 10 s'}`);
    }
    return await use(service, snapshot);
  } finally {
    await service.close();
  }
}

/** Waits until the service has published sample `seq`, then returns its table. */
async function moreSamples(service: PortService, seq: number): Promise<Snapshot> {
  await new Promise<void>((resolve) => {
    const off = service.on('delta', (d) => {
      if (d.seq < seq) return;
      off();
      resolve();
    });
  });
  return (await service.subscribe({})).snapshot;
}
