/**
 * The glance's top 3 destinations by births per second (issue 13); picking one filters the
 * table to it, as the destinations tab does.
 */
import type { Destination } from '../../../../shared/destination-model';
import { formatEndpoint } from '../../../../shared/format';
import { useServices, useStoreState } from '../../app-context';
import { destinationFilter } from './destinations-view';

/** Up to three destinations, or an honest line. */
export function TopDestinations({ onPick }: { onPick?: (d: Destination) => void }) {
  const { destinations } = useStoreState();
  const { store } = useServices();
  const top = (destinations?.destinations ?? []).slice(0, 3);
  return (
    <div className="top-list">
      <h3 className="card-title">Top destinations</h3>
      <ol data-testid="glance-top-destinations">
        {top.length === 0 && <li className="muted empty">no outgoing connections yet</li>}
        {top.map((d) => {
          const endpoint = formatEndpoint(d.remoteAddress, d.remotePort);
          const name = store.hostName(d.remoteAddress);
          return (
            <li key={d.key} title={`${endpoint}/${d.proto}: ${d.connections} now, ${d.timeWait} in TIME_WAIT`}>
              <button type="button" className="top-name" disabled={!onPick} onClick={() => onPick?.(d)}>
                {name === null ? endpoint : `${name}:${d.remotePort}`}
              </button>
              <span className="num top-value">{d.birthsPerSec.toFixed(1)}/s</span>
            </li>
          );
        })}
      </ol>
    </div>
  );
}

/** Filters the table to a destination (the strip's pick). */
export function useDestinationPick(): (d: Destination) => void {
  const { store } = useServices();
  return (d) => store.setFilter(destinationFilter(d));
}
