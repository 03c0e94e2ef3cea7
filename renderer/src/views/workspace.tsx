/**
 * The main window's working area: the table with the owner panel and churn chart beside it, and
 * the port map as a full-width band below both. A wide band gives the map's whole-pixel grid room
 * to show a 28,000-port range complete at 2 px per port without stealing the side column.
 * Notifications stack over the bottom of the side column (the churn chart), so they never cover
 * the table or the port map, whose cells are clicked.
 */
import { useRef, useState } from 'react';
import { useElementSize } from '../lib/use-element-size';
import { ChurnChart } from './churn/churn-chart';
import { OwnerPanel } from './details/owner-panel';
import { PortMap } from './port-map/port-map';
import { Notifications } from './status/notifications';
import { SocketTable } from './table/socket-table';
import { DestinationsView } from './destinations/destinations-view';
import { WorkspaceTabs, type WorkspaceTab } from './destinations/workspace-tabs';

/** Share of the area's height the map may take, and its bounds in px. */
const MAP_SHARE = 0.22;
const MAP_MIN = 64;
const MAP_MAX = 220;

interface WorkspaceProps {
  onOpen: (id: string) => void;
}

/** Table, side column and port map band. */
export function Workspace({ onOpen }: WorkspaceProps) {
  const area = useRef<HTMLElement>(null);
  const { height } = useElementSize(area);
  const mapBudget = Math.round(Math.min(MAP_MAX, Math.max(MAP_MIN, height * MAP_SHARE)));
  const [tab, setTab] = useState<WorkspaceTab>('sockets');
  return (
    <main ref={area} className="workspace">
      <WorkspaceTabs tab={tab} onTab={setTab}>
        {tab === 'sockets' ? <SocketTable onOpen={onOpen} /> : <DestinationsView onPick={() => setTab('sockets')} />}
      </WorkspaceTabs>
      <aside className="side">
        <OwnerPanel onOpen={onOpen} />
        <ChurnChart />
        <Notifications max={3} />
      </aside>
      <PortMap maxHeight={mapBudget} />
    </main>
  );
}
