/**
 * Runs the sampling tick on a chained timer: the next tick is armed only after the current one
 * finished, so two samples never overlap and a slow sample stretches the period instead of
 * piling up work. Lives in the sampler thread; knows nothing about sockets.
 */

/** Shortest sampling interval the app accepts, in ms. */
export const MIN_INTERVAL_MS = 250;
/** Longest sampling interval the app accepts, in ms. */
export const MAX_INTERVAL_MS = 10_000;

/** What the scheduler is doing, reported in the service status. */
export interface SchedulerState {
  intervalMs: number;
  paused: boolean;
  /** Duration of the last tick in ms, null before the first. */
  lastSampleMs: number | null;
  /** True when the last tick took longer than the interval, so the period stretched. */
  stretched: boolean;
  /** Ticks completed (successful or not). */
  samples: number;
}

/** Inputs of createScheduler. */
export interface SchedulerOptions {
  intervalMs: number;
  /** Start paused (no tick until resume). */
  paused?: boolean;
  /** One sample; its duration is measured here. */
  tick: () => Promise<void>;
  /** A tick that threw; scheduling continues. */
  onError: (error: unknown) => void;
  /** Called after every tick and every pause/resume/interval change. */
  onState?: (state: SchedulerState) => void;
}

/** A running chained-timer scheduler. */
export interface Scheduler {
  state(): SchedulerState;
  pause(): SchedulerState;
  resume(): SchedulerState;
  /** Changes the interval; throws RangeError outside 250..10,000 ms. */
  setIntervalMs(ms: number): SchedulerState;
  /** Stops for good; resolves once a tick in flight has finished. */
  stop(): Promise<void>;
}

/** Checks an interval and says exactly what is allowed, so every caller rejects alike. */
export function validateIntervalMs(ms: unknown): number {
  if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < MIN_INTERVAL_MS || ms > MAX_INTERVAL_MS) {
    throw new RangeError(
      `sampling interval must be a whole number of ms from ${MIN_INTERVAL_MS} to ${MAX_INTERVAL_MS}, got ${String(ms)}`,
    );
  }
  return ms;
}

/** Starts ticking at once unless options.paused. */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const st: SchedulerState = {
    intervalMs: validateIntervalMs(options.intervalMs),
    paused: options.paused ?? false,
    lastSampleMs: null,
    stretched: false,
    samples: 0,
  };
  let timer: ReturnType<typeof setTimeout> | null = null;
  let inFlight: Promise<void> | null = null;
  let lastStart: number | null = null;
  let stopped = false;
  const snapshot = (): SchedulerState => ({ ...st });
  const notify = (): SchedulerState => {
    const s = snapshot();
    options.onState?.(s);
    return s;
  };

  const disarm = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };
  /** Arms the next tick interval ms after the last one started (at once when overdue). */
  const arm = (): void => {
    disarm();
    if (stopped || st.paused || inFlight !== null) return;
    const due = lastStart === null ? 0 : lastStart + st.intervalMs - performance.now();
    timer = setTimeout(run, Math.max(0, due));
  };
  const run = (): void => {
    timer = null;
    const started = performance.now();
    lastStart = started;
    inFlight = options
      .tick()
      .catch((error: unknown) => options.onError(error))
      .finally(() => {
        st.lastSampleMs = performance.now() - started;
        st.stretched = st.lastSampleMs > st.intervalMs;
        st.samples += 1;
        inFlight = null;
        notify();
        arm();
      });
  };

  arm();
  return {
    state: snapshot,
    pause() {
      st.paused = true;
      disarm();
      return notify();
    },
    resume() {
      if (!st.paused) return snapshot();
      st.paused = false;
      lastStart = null;
      arm();
      return notify();
    },
    setIntervalMs(ms) {
      st.intervalMs = validateIntervalMs(ms);
      if (timer !== null) arm();
      return notify();
    },
    async stop() {
      stopped = true;
      disarm();
      if (inFlight !== null) await inFlight;
    },
  };
}
