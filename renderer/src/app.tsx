/**
 * The app's two layouts: `#/glance` is the tray popover (the glance alone), anything else the
 * main window (glance head, table, owner panel, port map, churn chart, status line).
 */
import { useCallback, useRef, useState } from 'react';
import { useServices, useStoreState } from './app-context';
import { useAppKeys } from './app-keys';
import { useHashRoute } from './lib/use-hash-route';
import { DetailsDialog } from './views/details/details-dialog';
import { Glance } from './views/glance/glance';
import { Notifications } from './views/status/notifications';
import { StatusLine } from './views/status/status-line';
import { CaptureBanner } from './views/toolbar/capture-banner';
import { Toolbar } from './views/toolbar/toolbar';
import { Workspace } from './views/workspace';

/** The glance strip, or a capture's banner in its place (its churn and counters are this machine's). */
function StripOrCapture() {
  return useStoreState().capture !== null ? <CaptureBanner /> : <Glance variant="strip" />;
}

function MainWindow() {
  const { store } = useServices();
  const filterRef = useRef<HTMLInputElement>(null);
  const [detailsId, setDetailsId] = useState<string | null>(null);
  const openDetails = useCallback(
    (id: string) => {
      store.select(id);
      setDetailsId(id);
    },
    [store],
  );
  useAppKeys({ store, filterRef, detailsOpen: detailsId !== null, openDetails });

  return (
    <div className="app">
      <Toolbar filterRef={filterRef} />
      <StripOrCapture />
      <Workspace onOpen={openDetails} />
      <StatusLine />
      {detailsId !== null && <DetailsDialog key={detailsId} rowId={detailsId} onClose={() => setDetailsId(null)} />}
    </div>
  );
}

function Popover() {
  return (
    <div className="popover">
      <Glance variant="popover" />
      <Notifications max={2} />
    </div>
  );
}

/** Picks the layout from the hash route. */
export function App() {
  return useHashRoute() === 'glance' ? <Popover /> : <MainWindow />;
}
