/**
 * Feeds the tray figures from the port service: subscribes once for the snapshot, follows
 * deltas, churn and status, and resubscribes after a sequence gap. No 'electron' import: the
 * service is passed in, so this is tested against a plain object with the same methods.
 */
import type { PortApi, EventSubscriber } from '../../../shared/contract';
import type { FiguresTracker, TrayFigures } from './tray-figures';

/** The part of the port service the feed uses. */
export type FeedSource = Pick<PortApi, 'subscribe'> & { on: EventSubscriber };

/** Callbacks of the feed. */
export interface FeedSink {
  figures(figures: TrayFigures | null): void;
  paused(paused: boolean): void;
  log(message: string): void;
}

/** Starts following; returns a function that stops listening. */
export function followService(source: FeedSource, tracker: FiguresTracker, sink: FeedSink, now: () => number = Date.now): () => void {
  let stopped = false;
  let syncing: Promise<void> | null = null;
  let paused: boolean | null = null;
  const emit = () => sink.figures(tracker.figures(now()));

  const sync = () => {
    syncing ??= source
      .subscribe({})
      .then(({ snapshot, churn }) => {
        if (stopped) return;
        tracker.reset(snapshot, churn);
        emit();
      })
      .catch((err: unknown) => sink.log(`Tray figures: subscribe failed (${err instanceof Error ? err.message : String(err)})`))
      .finally(() => {
        syncing = null;
      });
    return syncing;
  };

  const stops = [
    source.on('delta', (delta) => {
      if (syncing) return;
      if (tracker.applyDelta(delta)) emit();
      else void sync();
    }),
    source.on('churn', (churn) => tracker.setChurn(churn)),
    source.on('status', (status) => {
      tracker.setPaused(status.paused);
      if (status.paused === paused) return;
      paused = status.paused;
      sink.paused(status.paused);
      emit();
    }),
  ];
  void sync();
  return () => {
    stopped = true;
    for (const stop of stops) stop();
  };
}
