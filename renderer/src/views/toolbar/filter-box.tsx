/**
 * The filter input. Every keystroke is parsed; a bad query shows what is wrong right under the
 * box while the table keeps the last good result, so a typo never blanks the view.
 */
import { useState, type RefObject } from 'react';
import { FILTER_KEYS } from '../../../../shared/filter';
import { useServices, useStoreState } from '../../app-context';

const HELP = [
  'Terms separated by spaces; all must match.',
  'port:443  port:60000-61000  lport:  rport:',
  'proc:chrome  pid:123  pid:none (owner unknown)',
  'state:estab|listen|tw|close-wait|syn|unconn',
  'proto:tcp|udp|tcp6  remote:10.0.0.5[:443]  local:  remote:10.0.0.0/8',
  'eph (in this machine’s ephemeral range)  iana:dynamic|registered|well-known',
  '-term negates: -state:listen   "quoted words" for spaces',
  `keys: ${FILTER_KEYS.join(', ')}, eph`,
].join('\n');

interface FilterBoxProps {
  inputRef: RefObject<HTMLInputElement | null>;
}

/** Filter input with inline error and a syntax hint. */
export function FilterBox({ inputRef }: FilterBoxProps) {
  const { store } = useServices();
  const { filterText, filterProblem } = useStoreState();
  const [showHelp, setShowHelp] = useState(false);
  return (
    <div className="filter">
      <input
        ref={inputRef}
        data-testid="filter-input"
        className="input filter-input mono"
        type="search"
        spellCheck={false}
        autoComplete="off"
        placeholder="Filter  (press /)   port:443  proc:chrome  state:estab  -eph"
        aria-label="Filter sockets"
        aria-invalid={filterProblem !== null}
        aria-describedby={filterProblem ? 'filter-error' : undefined}
        value={filterText}
        onChange={(e) => store.setFilter(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && filterText !== '') {
            e.stopPropagation();
            store.setFilter('');
          }
        }}
      />
      <button
        type="button"
        className="btn btn-small help-btn"
        aria-expanded={showHelp}
        onClick={() => setShowHelp((v) => !v)}
        title="Filter syntax"
      >
        ?
      </button>
      {filterProblem && (
        <div id="filter-error" data-testid="filter-error" role="alert" className="filter-error">
          {filterProblem.message}
          <span className="muted"> (at character {filterProblem.at + 1}; showing the last valid result)</span>
        </div>
      )}
      {showHelp && !filterProblem && <pre className="filter-help">{HELP}</pre>}
    </div>
  );
}
