/**
 * The glance: the whole picture in one card group. It is the tray popover (#/glance, 360×480)
 * and the head of the main window; `variant` only changes the layout.
 */
import { useMemo } from 'react';
import { formatCount } from '../../../../shared/format';
import { ownerCoverageText } from '../../../../shared/owner-coverage-text';
import { IANA_DYNAMIC } from '../../../../shared/port-class';
import { useServices, useStoreState } from '../../app-context';
import type { StoreState } from '../../store/socket-store';
import { LifetimeHistogram } from '../churn/lifetime-histogram';
import { stateColor } from '../state-colors';
import { GlanceAlerts } from './glance-alerts';
import { churnWindow, occupancyOf, plainCount as plain, rankStates } from './glance-stats';
import { OccupancyCard } from './occupancy-card';
import { ReconCard } from './recon-card';
import { Sparkline } from './sparkline';
import { TopList } from './top-list';
import { TopDestinations, useDestinationPick } from '../destinations/top-destinations';

interface GlanceProps {
  variant: 'popover' | 'strip';
}

function StateCounts({ state }: { state: StoreState }) {
  // The counts map changes in place; version says when.
  const counts = useMemo(() => rankStates(state.stateCounts), [state.stateCounts, state.version]);
  return (
    <div className="glance-card states">
      <h3 className="card-title">
        Sockets <span className="total">{formatCount(state.live.size)}</span>
      </h3>
      <ul data-testid="glance-state-counts" className="chips">
        {counts.length === 0 && <li className="muted">none yet</li>}
        {counts.map(({ state: s, count }) => (
          <li key={s} data-state={s} data-count={count} className="chip">
            <span className="dot" style={{ background: stateColor(s) }} />
            <span className="chip-name">{s}</span>
            <span className="chip-count">{formatCount(count)}</span>
          </li>
        ))}
      </ul>
      {state.status && (
        <div className="muted small owners-line" data-testid="glance-owners" title={ownerCoverageText(state.status.ownerCoverage)}>
          {ownerCoverageText(state.status.ownerCoverage)}
        </div>
      )}
    </div>
  );
}

/** The glance cards. */
export function Glance({ variant }: GlanceProps) {
  const state = useStoreState();
  const { store } = useServices();
  const range = state.meta?.ephemeralRange ?? state.status?.ephemeralRange ?? null;
  const osOcc = useMemo(
    () => (range ? occupancyOf(state.occupancy, range) : { held: 0, size: 0, fraction: 0 }),
    [state.occupancy, range, state.version],
  );
  const ianaOcc = useMemo(() => occupancyOf(state.occupancy, IANA_DYNAMIC), [state.occupancy, state.version]);
  const churn = useMemo(
    () => churnWindow(state.churn?.buckets ?? [], state.meta?.time ?? 0),
    [state.churn, state.meta?.time],
  );
  const pick = variant === 'strip' ? (pid: number) => store.setFilter(`pid:${pid}`) : undefined;
  const pickDestination = useDestinationPick();

  return (
    <section data-testid="glance" className={`glance glance-${variant}`} aria-label="At a glance">
      <GlanceAlerts exhaustion={state.churn?.exhaustion} flags={state.churn?.flags} />
      <StateCounts state={state} />
      <OccupancyCard
        os={osOcc}
        iana={ianaOcc}
        osRange={range ? `${range.low}–${range.high}` : 'unknown'}
        exhaustion={state.churn?.exhaustion}
      />
      <div className="glance-card churn">
        <h3 className="card-title">Churn per second</h3>
        <div className="rates">
          <span className="rate births" title="sockets born in the latest full second">
            <b>{churn.birthsPerSec === null ? '—' : formatCount(churn.birthsPerSec)}</b> born
          </span>
          <span className="rate deaths" title="sockets closed in the latest full second">
            <b>{churn.deathsPerSec === null ? '—' : formatCount(churn.deathsPerSec)}</b> closed
          </span>
        </div>
        <Sparkline births={churn.birthSeries} deaths={churn.deathSeries} height={variant === 'strip' ? 30 : 26} />
        <div className="muted small">
          last 60 s: <span data-testid="glance-births-60s">{plain(churn.births60)}</span> born ·{' '}
          <span data-testid="glance-deaths-60s">{plain(churn.deaths60)}</span> closed
        </div>
      </div>
      <ReconCard
        view={state.recon}
        events={state.status?.events ?? null}
        hasCounters={state.meta?.counters != null}
        bases={state.churn?.reconciliation.birthsByBasis}
        tracepoint={state.status?.tracepoint}
        traced={state.churn?.events?.tracepointOwners}
      />
      <div className="glance-card lifetimes-card">
        <h3 className="card-title" title="How long connections lived, from first sight to gone (TIME_WAIT included); log scale of time">
          Connection lifetimes
        </h3>
        {state.churn ? (
          <LifetimeHistogram
            histogram={state.churn.lifetimes}
            testId="glance-lifetimes"
            height={variant === 'strip' ? 46 : 40}
            compact={variant === 'strip'}
          />
        ) : (
          <div className="muted small">waiting for the first sample</div>
        )}
      </div>
      <div className="glance-card tops">
        <TopList metric="sockets" rows={state.churn?.topBySockets ?? []} onPick={pick} />
        <TopList metric="churn" rows={state.churn?.topByChurn ?? []} onPick={pick} />
        <TopDestinations onPick={variant === 'strip' ? pickDestination : undefined} />
      </div>
    </section>
  );
}
