/**
 * The filter input. The input owns the text the user types: the store only ever receives it, at
 * most once per animation frame, and never writes it back, so keys typed faster than the table
 * updates are never lost (parsing and filtering may lag behind the text, never the other way
 * round). A filter set elsewhere (a glance pick) replaces the text through the store's
 * `filterPresets` count. A bad query shows what is wrong right under the box while the table
 * keeps the last good result, so a typo never blanks the view.
 */
import { useEffect, useRef, useState, type RefObject } from 'react';
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

/**
 * Hands the latest value to `apply` on the next animation frame: a burst of keys costs one
 * parse and one re-filter of the table, not one per key.
 */
function useFrameSender(apply: (value: string) => void): (value: string) => void {
  const latest = useRef<string | null>(null);
  const frame = useRef<number | null>(null);
  const applyRef = useRef(apply);
  applyRef.current = apply;
  useEffect(
    () => () => {
      if (frame.current !== null) cancelAnimationFrame(frame.current);
    },
    [],
  );
  return (value: string) => {
    latest.current = value;
    frame.current ??= requestAnimationFrame(() => {
      frame.current = null;
      if (latest.current !== null) applyRef.current(latest.current);
      latest.current = null;
    });
  };
}

interface FilterBoxProps {
  inputRef: RefObject<HTMLInputElement | null>;
}

/** Filter input with inline error and a syntax hint. */
export function FilterBox({ inputRef }: FilterBoxProps) {
  const { store } = useServices();
  const { filterText, filterPresets, filterProblem } = useStoreState();
  const [showHelp, setShowHelp] = useState(false);
  const [text, setText] = useState(filterText);
  const [presets, setPresets] = useState(filterPresets);
  if (presets !== filterPresets) {
    setPresets(filterPresets);
    setText(filterText);
  }
  const send = useFrameSender((value) => store.setFilter(value, 'input'));
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
        value={text}
        onChange={(e) => {
          setText(e.currentTarget.value);
          send(e.currentTarget.value);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && text !== '') {
            e.stopPropagation();
            setText('');
            send('');
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
