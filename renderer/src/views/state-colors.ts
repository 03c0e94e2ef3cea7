/**
 * One colour per socket state family, shared by the glance chips and the table's state cells,
 * so ESTABLISHED, LISTEN and TIME_WAIT look the same wherever they appear.
 */
import type { SocketState } from '../../../shared/model';

/** The CSS variable holding a state's colour. */
export function stateColor(state: SocketState): string {
  switch (state) {
    case 'ESTABLISHED':
      return 'var(--state-estab)';
    case 'LISTEN':
      return 'var(--state-listen)';
    case 'TIME_WAIT':
      return 'var(--state-tw)';
    case 'CLOSE_WAIT':
      return 'var(--state-closewait)';
    case 'SYN_SENT':
    case 'SYN_RECV':
    case 'NEW_SYN_RECV':
      return 'var(--state-syn)';
    case 'UNCONN':
      return 'var(--state-unconn)';
    default:
      return 'var(--state-other)';
  }
}
