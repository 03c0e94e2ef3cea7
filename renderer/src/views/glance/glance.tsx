/**
 * The glance: the whole picture in one card group. It is the tray popover (#/glance, 360×480)
 * and the head of the main window; `variant` only changes the layout.
 */
import { useMemo } from 'react';
import { formatCount, formatPercent } from '../../../../shared/format';
import { IANA_DYNAMIC } from '../../../../shared/port-class';
import { useServices, useStoreState } from '../../app-context';
import type { StoreState } from '../../store/socket-store';
import { stateColor } from '../state-colors';
import { churnWindow, occupancyOf, rankStates, type Occupancy } from './glance-stats';
import { Sparkline } from './sparkline';
import { TopList } from './top-list';

interface GlanceProps {
  variant: 'popover' | 'strip';
}

/** A count the e2e tests read: a plain integer, or — when unknown. */
const plain = (n: number | null): string => (n === null ? '—' : String(n));

interface MeterProps {
  testId: string;
  title: string;
  help: string;
  occ: Occupancy;
  range: string;
}

function OccupancyMeter({ testId, title, help, occ, range }: MeterProps) {
  return (
    <div className="glance-card occupancy">
      <h3 className="card-title" title={help}>
        {title}
      </h3>
      <div data-testid={testId} data-held={occ.held} data-size={occ.size}>
        <div className="big">{formatPercent(occ.fraction)}</div>
        <div className="meter" aria-hidden="true">
          <span style={{ width: `${Math.min(100, occ.fraction * 100)}%` }} />
        </div>
        <div className="muted small">
          {formatCount(occ.held)} of {formatCount(occ.size)} ports · {range}
        </div>
      </div>
    </div>
  );
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

  return (
    <section data-testid="glance" className={`glance glance-${variant}`} aria-label="At a glance">
      <StateCounts state={state} />
      <OccupancyMeter
        testId="glance-occupancy-os"
        title="OS ephemeral"
        help="Distinct local ports in use inside this machine's ephemeral range"
        occ={osOcc}
        range={range ? `${range.low}–${range.high}` : 'unknown'}
      />
      <OccupancyMeter
        testId="glance-occupancy-iana"
        title="IANA dynamic"
        help="Distinct local ports in use inside IANA's dynamic range 49152-65535"
        occ={ianaOcc}
        range="49152–65535"
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
      <div className="glance-card kernel">
        <h3 className="card-title">Kernel check · 60 s</h3>
        <div className="stats">
          <div className="stat" title="TCP opens the kernel counted (ActiveOpens + PassiveOpens)">
            <span className="stat-label">kernel opens</span>
            <b data-testid="glance-kernel-opens-60s">{plain(churn.kernel60)}</b>
          </div>
          <div className="stat" title="sockets the poller saw being born">
            <span className="stat-label">observed</span>
            <b>{plain(churn.births60)}</b>
          </div>
          <div
            className={`stat${churn.missed60 ? ' missed' : ''}`}
            title="opens that lived and died between two samples"
          >
            <span className="stat-label">missed by polling</span>
            <b data-testid="glance-missed-60s">{plain(churn.missed60)}</b>
          </div>
        </div>
        {churn.kernel60 === null && <div className="muted small">this OS gives no kernel counters</div>}
      </div>
      <div className="glance-card tops">
        <TopList metric="sockets" rows={state.churn?.topBySockets ?? []} onPick={pick} />
        <TopList metric="churn" rows={state.churn?.topByChurn ?? []} onPick={pick} />
      </div>
    </section>
  );
}
