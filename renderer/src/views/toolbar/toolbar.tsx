/**
 * The main window's top bar: name and host, the filter, pause/resume, exports and copying rows.
 * Service calls report failures in words through the store's problem list.
 */
import { useState, type RefObject } from 'react';
import { formatCount } from '../../../../shared/format';
import type { ExportFormat } from '../../../../shared/contract';
import { useServices, useStoreState } from '../../app-context';
import { copyText } from '../../lib/clipboard';
import { downloadText } from '../../lib/download';
import { errorText } from '../../store/connect-store';
import { rowsAsText } from '../table/columns';
import { CaptureButton } from './capture-button';
import { FilterBox } from './filter-box';
import { ResolveNamesToggle } from './resolve-names-toggle';

interface ToolbarProps {
  filterRef: RefObject<HTMLInputElement | null>;
}

/** The top bar. */
export function Toolbar({ filterRef }: ToolbarProps) {
  const state = useStoreState();
  const { store, call } = useServices();
  const [busy, setBusy] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const paused = state.status?.paused ?? false;
  // issue 12: a capture is another machine's snapshot; pausing or exporting the live table would mislead.
  const inCapture = state.capture !== null;

  const flashNote = (text: string): void => {
    setNote(text);
    setTimeout(() => setNote((n) => (n === text ? null : n)), 2500);
  };

  const run = async (what: string, job: () => Promise<void>): Promise<void> => {
    setBusy(what);
    try {
      await job();
    } catch (err) {
      store.reportProblem(`${what} failed: ${errorText(err)}`);
    } finally {
      setBusy(null);
    }
  };

  const togglePause = () =>
    run(paused ? 'resume' : 'pause', async () => store.setStatus(await call(paused ? 'resume' : 'pause', {})));

  const exportAs = (format: ExportFormat) =>
    run(`export ${format.toUpperCase()}`, async () => {
      const result = await call('exportSnapshot', { format });
      downloadText(result.filename, result.mime, result.content);
      flashNote(`saved ${result.filename}`);
    });

  const copyRows = () =>
    run('copy', async () => {
      const chosen =
        state.selection.ids.size > 0 ? state.rows.filter((r) => state.selection.ids.has(r.id)) : state.rows;
      await copyText(rowsAsText(chosen, state.meta?.time ?? state.now));
      flashNote(`copied ${formatCount(chosen.length)} row${chosen.length === 1 ? '' : 's'}`);
    });

  const copyLabel = state.selection.ids.size > 0 ? `Copy ${state.selection.ids.size} selected` : 'Copy shown';
  const actions: Array<{ testId: string; label: string; run: () => void; pressed?: boolean; title?: string; live?: boolean }> = [
    { testId: 'pause-toggle', label: paused ? '▶ Resume' : '❚❚ Pause', run: togglePause, pressed: paused, live: true },
    {
      testId: 'export-json',
      label: 'Export JSON',
      run: () => exportAs('json'),
      title: 'Download the snapshot as JSON',
      live: true,
    },
    { testId: 'export-csv', label: 'CSV', run: () => exportAs('csv'), title: 'Download the snapshot as CSV', live: true },
    { testId: 'copy-rows', label: copyLabel, run: copyRows, title: 'Tab-separated, with a header line' },
  ];
  return (
    <header className="toolbar">
      <div className="brand">
        <span className="logo" aria-hidden="true" />
        <b>Ephemera</b>
        {state.meta && (
          <span className="muted host" title={`${state.meta.platform} · ${state.meta.source}`}>
            {state.meta.host}
          </span>
        )}
      </div>
      <FilterBox inputRef={filterRef} />
      <div className="actions">
        <ResolveNamesToggle />
        {note && (
          <span className="note" role="status">
            {note}
          </span>
        )}
        {actions.map((a) => (
          <button
            key={a.testId}
            type="button"
            className="btn"
            data-testid={a.testId}
            aria-pressed={a.pressed}
            title={a.title}
            disabled={busy !== null || (a.live === true && inCapture)}
            onClick={a.run}
          >
            {a.label}
          </button>
        ))}
        <CaptureButton disabled={busy !== null} />
      </div>
    </header>
  );
}
