/**
 * How full the ephemeral ranges are: this machine's (with the busiest destination's share and
 * the TIME_WAIT total when the service reports them) and IANA's dynamic range, in one card. The
 * main window's strip stacks the two meters; the popover puts them side by side.
 */
import type { Exhaustion } from '../../../../shared/exhaustion-model';
import { formatCount, formatPercent } from '../../../../shared/format';
import { tupleLabel } from './alert-lines';
import type { Occupancy } from './glance-stats';

interface MeterProps {
  testId: string;
  label: string;
  help: string;
  occ: Occupancy;
  range: string;
  /** An extra line and its tooltip, when there is one. */
  note?: { text: string; tip: string };
}

function Meter({ testId, label, help, occ, range, note }: MeterProps) {
  return (
    <div className="occ" data-testid={testId} data-held={occ.held} data-size={occ.size}>
      <div className="occ-head" title={help}>
        <span className="occ-label ellipsis">{label}</span>
        <b className="occ-pct">{formatPercent(occ.fraction)}</b>
      </div>
      <div className="meter" aria-hidden="true">
        <span style={{ width: `${Math.min(100, occ.fraction * 100)}%` }} />
      </div>
      <div className="muted small ellipsis" title={`${formatCount(occ.held)} of ${formatCount(occ.size)} ports in ${range}`}>
        {formatCount(occ.held)} / {formatCount(occ.size)} · {range}
      </div>
      {note && (
        <div className="muted small ellipsis" title={note.tip}>
          {note.text}
        </div>
      )}
    </div>
  );
}

/** "busiest 3.1 % · 1,234 TIME_WAIT": the fullest destination's share of the range and all TIME_WAIT sockets. */
function busiestNote(ex: Exhaustion | undefined): { text: string; tip: string } | undefined {
  const top = ex?.tuples[0];
  if (!ex || (!top && ex.timeWait.total === 0)) return undefined;
  const parts = top ? [`busiest ${formatPercent(top.fraction)}`] : [];
  if (ex.timeWait.total > 0) parts.push(`${formatCount(ex.timeWait.total)} TIME_WAIT`);
  const tip = top
    ? `Busiest destination: ${tupleLabel(top)} holds ${formatCount(top.used)} of ${formatCount(top.capacity)} ephemeral ports (each destination has the whole range); warnings from 70 %`
    : 'TCP sockets in TIME_WAIT';
  return { text: parts.join(' · '), tip };
}

interface OccupancyCardProps {
  os: Occupancy;
  iana: Occupancy;
  /** "32768–60999", or 'unknown' before the first sample. */
  osRange: string;
  exhaustion: Exhaustion | undefined;
}

/** Both ranges' occupancy (glance-occupancy-os, glance-occupancy-iana). */
export function OccupancyCard({ os, iana, osRange, exhaustion }: OccupancyCardProps) {
  return (
    <div className="glance-card occupancy">
      <h3 className="card-title" title="Distinct local ports in use inside each range">
        Ports in use
      </h3>
      <div className="occ-blocks">
        <Meter
          testId="glance-occupancy-os"
          label="OS ephemeral"
          help="Distinct local ports in use inside this machine's ephemeral range"
          occ={os}
          range={osRange}
          note={busiestNote(exhaustion)}
        />
        <Meter
          testId="glance-occupancy-iana"
          label="IANA dynamic"
          help="Distinct local ports in use inside IANA's dynamic range 49152-65535"
          occ={iana}
          range="49152–65535"
        />
      </div>
    </div>
  );
}
