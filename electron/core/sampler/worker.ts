/**
 * Entry of the sampler worker thread (built to out/node/sampler-worker.js): sampling and churn
 * diffing run here so the Electron main thread only forwards deltas.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createChurnEngine } from '../churn/churn-engine';
import { linuxConnectTracer, linuxEventReader } from '../events/linux-event-reader';
import { chooseSource } from './choose-source';
import { startSamplerThread } from './worker-core';

startSamplerThread(parentPort, workerData, {
  makeSource: (choice, platform) => chooseSource(platform, choice),
  makeEngine: createChurnEngine,
  makeEventReader: linuxEventReader,
  makeConnectTracer: linuxConnectTracer,
  onFatal: (error) => {
    // Rethrown outside the promise chain so the host sees the thread's 'error' event and restarts it.
    setImmediate(() => {
      throw error;
    });
  },
});
