/**
 * Reading the holders of a socket the same way everywhere (table, details, CLI, exports): a
 * socket shared by several processes lists them all in `owners`, its `owner` is the first, and
 * every owner says how it was known.
 */
import type { Owner, OwnerBasis, Socket } from './model';

const NONE: readonly Owner[] = Object.freeze([]);

/** Every known holder, first = `owner`; empty when the owner is unknown. */
export function ownersOf(s: Pick<Socket, 'owner' | 'owners'>): readonly Owner[] {
  if (s.owners !== undefined && s.owners.length > 0) return s.owners;
  return s.owner === null ? NONE : [s.owner];
}

/** How an owner was known; owners written before `basis` existed read from `inferred`. */
export function ownerBasis(owner: Owner): OwnerBasis {
  return owner.basis ?? (owner.inferred === true ? 'inferred-guess' : 'exact');
}

/** The words for a basis, as the UI and the CLI show it. */
export const BASIS_WORDS: Readonly<Record<OwnerBasis, string>> = {
  exact: 'exact',
  'inferred-unique': 'inferred (only client of that destination)',
  'inferred-guess': 'guessed',
};

/**
 * The holders in one line: "nginx master 812, workers 813, 814" when one process shares the
 * socket with children of the same name, else "name pid" for each ("gunicorn 40, python3 41").
 */
export function holdersText(owners: readonly Owner[]): string {
  const [first, ...rest] = owners;
  if (first === undefined) return '';
  if (rest.length === 0) return `${first.name} ${first.pid}`;
  const family = rest.every((o) => o.name === first.name && o.ppid === first.pid);
  if (family) return `${first.name} master ${first.pid}, ${rest.length === 1 ? 'worker' : 'workers'} ${rest.map((o) => o.pid).join(', ')}`;
  return owners.map((o) => `${o.name} ${o.pid}`).join(', ');
}

/** "+2" for a socket with three holders; empty for one or none. */
export function moreHolders(s: Pick<Socket, 'owner' | 'owners'>): string {
  const n = ownersOf(s).length;
  return n > 1 ? `+${n - 1}` : '';
}

/** True when the process (pid + start time, so a reused pid is not the old process) holds the socket. */
export function heldBy(s: Pick<Socket, 'owner' | 'owners'>, pid: number, startTime: number): boolean {
  return ownersOf(s).some((o) => o.pid === pid && o.startTime === startTime);
}
