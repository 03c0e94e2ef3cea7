/**
 * "End process…" and, for an ESTABLISHED TCP row, "Close connection…": added to the owner panel
 * and the details dialog. They only open the confirmation; the service decides. A capture's rows
 * are another machine's, so no action is offered on them.
 */
import type { Socket } from '../../../../shared/model';
import { useStoreState } from '../../app-context';
import { useRequestAction } from './action-context';
import { closeRequestFor, endRequestFor } from './action-request';

/** The action buttons of one socket row. */
export function ActionButtons({ socket }: { socket: Socket }) {
  const request = useRequestAction();
  const inCapture = useStoreState().capture !== null;
  if (request === null || inCapture) return null;
  const offers = [
    { testId: 'end-process', label: 'End process…', ask: endRequestFor([socket]) },
    { testId: 'close-connection', label: 'Close connection…', ask: closeRequestFor(socket) },
  ];
  return (
    <>
      {offers.map(({ testId, label, ask }) =>
        ask === null ? null : (
          <button key={testId} type="button" className="btn btn-small btn-danger" data-testid={testId} onClick={() => request(ask)}>
            {label}
          </button>
        ),
      )}
    </>
  );
}
