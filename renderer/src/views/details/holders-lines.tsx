/**
 * The details' lines on where a socket lives and who holds it: its network namespace (and what a
 * published port forwards to), every holder of a shared socket with its parent pid ("nginx
 * master 812, workers 813, 814"), how the owner was known, and the other sockets of its
 * SO_REUSEPORT group.
 */
import type { Owner, Socket } from '../../../../shared/model';
import { netnsText } from '../../../../shared/netns';
import { BASIS_WORDS, holdersText, ownerBasis, ownersOf } from '../../../../shared/owners';
import { portGroupText } from '../../../../shared/port-group';

/**
 * `<dt>/<dd>` pairs for a details list; nothing on holders when the owner is unknown. `group`: the
 * other sockets on the same address and port (an SO_REUSEPORT group), each with its own holders.
 */
export function HoldersLines({ socket, group = [] }: { socket: Socket; group?: readonly Socket[] }) {
  const owners = ownersOf(socket);
  const first = owners[0];
  return (
    <>
      <dt>namespace</dt>
      <dd data-testid="details-netns">
        {netnsText(socket)}
        {socket.netns?.name === undefined ? '' : ` · ip netns ${socket.netns.name}`}
        {socket.netns?.kind === 'container' ? ` · ${socket.netns.container?.runtime ?? ''}` : ''}
      </dd>
      {socket.publishes !== undefined && (
        <>
          <dt>forwards to</dt>
          <dd data-testid="details-publishes">{socket.publishes}</dd>
        </>
      )}
      {first !== undefined && <OwnerLines owners={owners} first={first} />}
      {group.length > 0 && (
        <>
          <dt>port group</dt>
          <dd data-testid="details-port-group">{portGroupText(socket, group)}</dd>
        </>
      )}
    </>
  );
}

function OwnerLines({ owners, first }: { owners: readonly Owner[]; first: Owner }) {
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
