/**
 * Births counted by how their owner was known, for the reconciliation card and the exports: an
 * owner the fd scan or the connect tracepoint named, one inferred from the only candidate, a
 * guess, or none.
 */
import type { Owner } from '../../../shared/model';
import { ownerBasis } from '../../../shared/owners';

/** Running totals since sampling started. */
export class BasisCounts {
  private exact = 0;
  private unique = 0;
  private guess = 0;
  private none = 0;

  add(owners: readonly (Owner | null)[]): void {
    for (const owner of owners) {
      if (owner === null) this.none++;
      else {
        const basis = ownerBasis(owner);
        if (basis === 'exact') this.exact++;
        else if (basis === 'inferred-unique') this.unique++;
        else this.guess++;
      }
    }
  }

  summary(): { exact: number; inferredUnique: number; inferredGuess: number; unattributed: number } {
    return { exact: this.exact, inferredUnique: this.unique, inferredGuess: this.guess, unattributed: this.none };
  }
}
