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

/** Runs `use` with a service that has taken one sample, then closes the service. */
export async function withSnapshot<T>(use: (service: PortService, snapshot: Snapshot) => Promise<T>): Promise<T> {
  const service = createPortService({
    inProcessSource: chooseSource(),
    // One tick is all a one-shot command needs; the longest interval keeps a second one away.
    intervalMs: 10_000,
    firstSampleWaitMs: FIRST_SAMPLE_MS,
  });
  try {
    const { snapshot } = await service.subscribe({});
    if (snapshot.seq === 0) {
      const status = await service.getStatus({});
      throw new Error(`could not sample the socket table: ${status.errors.at(-1) ?? 'no sample within 10 s'}`);
    }
    return await use(service, snapshot);
  } finally {
    await service.close();
  }
}
