/**
 * How long this process's connections lived (getProcessLifetimes, keyed by pid + start time so a
 * reused pid shows nothing of the old process): the same histogram as the glance, for one owner.
 */
import { useEffect, useState } from 'react';
import type { Histogram } from '../../../../shared/churn-model';
import type { Owner } from '../../../../shared/model';
import { useServices } from '../../app-context';
import { errorText } from '../../store/connect-store';
import { LifetimeHistogram } from '../churn/lifetime-histogram';

type LifetimesState = { status: 'loading' } | { status: 'ok'; histogram: Histogram | null } | { status: 'error'; message: string };

/** The owner's lifetime histogram (data-testid details-lifetimes). */
export function LifetimesSection({ owner }: { owner: Owner }) {
  const { call } = useServices();
  const [state, setState] = useState<LifetimesState>({ status: 'loading' });
  const { pid, startTime } = owner;

  useEffect(() => {
    let live = true;
    setState({ status: 'loading' });
    call('getProcessLifetimes', startTime > 0 ? { pid, startTime } : { pid }).then(
      (histogram) => live && setState({ status: 'ok', histogram }),
      (err: unknown) => live && setState({ status: 'error', message: `Lifetimes unavailable: ${errorText(err)}` }),
    );
    return () => {
      live = false;
    };
  }, [call, pid, startTime]);

  if (state.status === 'ok' && state.histogram !== null) {
    return <LifetimeHistogram histogram={state.histogram} testId="details-lifetimes" height={64} />;
  }
  return (
    <div data-testid="details-lifetimes" data-measured={0}>
      {state.status === 'loading' && <p className="muted">Loading lifetimes…</p>}
      {state.status === 'error' && <p className="error-text">{state.message}</p>}
      {state.status === 'ok' && <p className="muted">No connection of {owner.name} has closed since Ephemera started.</p>}
    </div>
  );
}
