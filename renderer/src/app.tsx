/**
 * The app's two layouts: `#/glance` is the tray popover (the glance alone), anything else the
 * main window (glance head, table, owner panel, port map, churn chart, status line).
 */
import { useCallback, useRef, useState } from 'react';
import type { PreviewRequest } from '../../shared/action-model';
import { useServices, useStoreState } from './app-context';
import { useAppKeys } from './app-keys';
import { useHashRoute } from './lib/use-hash-route';
import { ActionConfirm } from './views/actions/action-confirm';
import { ActionContext } from './views/actions/action-context';
import { endRequestFor } from './views/actions/action-request';
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
  const [action, setAction] = useState<PreviewRequest | null>(null);
  const endSelection = useCallback(() => {
    const { selection, live, capture } = store.getState();
    if (capture !== null) return; // a capture is read-only: nothing on this machine to end
    const request = endRequestFor([...selection.ids].flatMap((id) => live.get(id)?.socket ?? []));
    if (request !== null) setAction(request);
  }, [store]);
  useAppKeys({
    store,
    filterRef,
    detailsOpen: detailsId !== null || action !== null,
    openDetails,
    onDelete: endSelection,
  });

  return (
    <ActionContext.Provider value={setAction}>
      <div className="app">
        <Toolbar filterRef={filterRef} />
        <StripOrCapture />
        <Workspace onOpen={openDetails} />
        <StatusLine />
        {detailsId !== null && <DetailsDialog key={detailsId} rowId={detailsId} onClose={() => setDetailsId(null)} />}
        {action !== null && <ActionConfirm request={action} onClose={() => setAction(null)} />}
      </div>
    </ActionContext.Provider>
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
