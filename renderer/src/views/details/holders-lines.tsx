/**
 * The details' lines on who holds a socket and how that was known: every holder of a shared
 * socket with its parent pid ("nginx master 812, workers 813, 814"), and the owner's basis.
 */
import type { Socket } from '../../../../shared/model';
import { BASIS_WORDS, holdersText, ownerBasis, ownersOf } from '../../../../shared/owners';

/** `<dt>/<dd>` pairs for a details list; nothing when the owner is unknown. */
export function HoldersLines({ socket }: { socket: Socket }) {
  const owners = ownersOf(socket);
  const first = owners[0];
  if (first === undefined) return null;
  return (
    <>
      {owners.length > 1 && (
        <>
          <dt>held by</dt>
          <dd data-testid="details-holders">
            <div>{holdersText(owners)}</div>
            <ul className="plain-list mono small">
              {owners.map((o) => (
                <li key={`${o.pid}:${o.startTime}`}>
                  {o.name} pid {o.pid}
                  {o.ppid === undefined ? '' : ` · parent ${o.ppid}`}
                </li>
              ))}
            </ul>
          </dd>
        </>
      )}
      <dt>owner known</dt>
      <dd data-testid="details-basis">{BASIS_WORDS[ownerBasis(first)]}</dd>
    </>
  );
}
