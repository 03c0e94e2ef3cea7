/**
 * "End process…" and, for an ESTABLISHED TCP row, "Close connection…": added to the owner panel
 * and the details dialog. They only open the confirmation; the service decides.
 */
import type { Socket } from '../../../../shared/model';
import { useRequestAction } from './action-context';
import { closeRequestFor, endRequestFor } from './action-request';

/** The action buttons of one socket row. */
export function ActionButtons({ socket }: { socket: Socket }) {
  const request = useRequestAction();
  if (request === null) return null;
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
