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
  const end = endRequestFor([socket]);
  const close = closeRequestFor(socket);
  return (
    <>
      {end && (
        <button
          type="button"
          className="btn btn-small btn-danger"
          data-testid="end-process"
          onClick={() => request(end)}
        >
          End process…
        </button>
      )}
      {close && (
        <button
          type="button"
          className="btn btn-small btn-danger"
          data-testid="close-connection"
          onClick={() => request(close)}
        >
          Close connection…
        </button>
      )}
    </>
  );
}
