/**
 * The main window's right column: the owner panel, then the port map and churn chart sharing
 * what height is left. The map takes what its whole-pixel grid needs (up to a budget that
 * leaves the chart its minimum) and the chart takes the rest, so no space is left blank.
 */
import { useRef } from 'react';
import { useElementSize } from '../lib/use-element-size';
import { ChurnChart } from './churn/churn-chart';
import { OwnerPanel } from './details/owner-panel';
import { PortMap } from './port-map/port-map';

/** Chart card minimum height; keep in step with .chart-card min-height. */
const CHART_MIN = 160;
/** Map card head and legend, plus the gap between the cards. */
const MAP_CHROME = 88;

interface SideColumnProps {
  onOpen: (id: string) => void;
}

/** Owner panel, port map and churn chart. */
export function SideColumn({ onOpen }: SideColumnProps) {
  const region = useRef<HTMLDivElement>(null);
  const { height } = useElementSize(region);
  return (
    <aside className="side">
      <OwnerPanel onOpen={onOpen} />
      <div ref={region} className="side-region">
        <PortMap maxHeight={height - CHART_MIN - MAP_CHROME} />
        <ChurnChart />
      </div>
    </aside>
  );
}
