/**
 * The confirmation dialog of an action: the preview (each process with name, pid, command line,
 * user and the sockets and ports it holds, or the one connection), a choice of signal, Confirm,
 * and the result in words afterwards. A native modal <dialog>, so it stacks over the details
 * dialog; Esc or Cancel closes it without acting.
 */
import { useEffect, useRef, useState } from 'react';
import type { ActionPreview, PreviewProcess, PreviewRequest, SignalName } from '../../../../shared/action-model';
import { socketLine } from '../../../../shared/action-text';
import type { ActionFlow } from './use-action-flow';
import { useActionFlow } from './use-action-flow';

interface ActionConfirmProps {
  request: PreviewRequest;
  onClose: () => void;
}

const SOCKETS_SHOWN = 8;

function ProcessCard({ p }: { p: PreviewProcess }) {
  return (
    <li
      className={`confirm-process${p.refusal === null ? '' : ' refused'}`}
      data-testid="confirm-process"
      data-pid={p.pid}
    >
      <div>
        <b>{p.name || 'process'}</b>{' '}
        <span className="mono" data-testid="confirm-pid">
          pid {p.pid}
        </span>
        {p.user !== null && <span className="muted"> · {p.user}</span>}
      </div>
      <div className="mono wrap small" data-testid="confirm-cmdline">
        {p.cmdline.length > 0 ? p.cmdline.join(' ') : '(command line not readable)'}
      </div>
      {p.refusal !== null && <div className="error-text">Refused: {p.refusal}</div>}
      {p.note !== null && <div className="warn-text">{p.note}</div>}
      <ul className="confirm-sockets mono small">
        {p.sockets.slice(0, SOCKETS_SHOWN).map((s) => (
          <li key={s.id}>{socketLine(s)}</li>
        ))}
        {p.socketCount > SOCKETS_SHOWN && <li className="muted">… and {p.socketCount - SOCKETS_SHOWN} more sockets</li>}
      </ul>
    </li>
  );
}

function PreviewView({ preview }: { preview: ActionPreview }) {
  return (
    <>
      <p data-testid="confirm-summary">{preview.summary}</p>
      {preview.connection !== null && <p className="mono">{socketLine(preview.connection)}</p>}
      <ul className="confirm-list">
        {preview.processes.map((p) => (
          <ProcessCard key={`${p.pid}:${p.startTime}`} p={p} />
        ))}
      </ul>
      {preview.portsFreed.length > 0 && (
        <p>
          Ports freed: <span className="mono">{preview.portsFreed.map((r) => `${r.port}/${r.proto}`).join(', ')}</span>
        </p>
      )}
    </>
  );
}

function Results({ flow }: { flow: Extract<ActionFlow, { step: 'done' }> }) {
  return (
    <ul className="confirm-results" role="status">
      {flow.results.map((r, i) => (
        <li
          key={i}
          data-testid="action-result"
          data-outcome={r.outcome}
          className={r.outcome === 'gone' || r.outcome === 'closed' ? 'ok-text' : 'error-text'}
        >
          {r.message}
        </li>
      ))}
    </ul>
  );
}

/** The dialog. */
export function ActionConfirm({ request, onClose }: ActionConfirmProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const { flow, confirm } = useActionFlow(request);
  const [signal, setSignal] = useState<SignalName>('term');
  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal();
  }, []);
  const preview = flow.step === 'loading' || flow.step === 'error' ? null : flow.preview;
  const ending = request.kind !== 'close-connection';
  const canConfirm = flow.step === 'confirm' && flow.preview.actionable;
  return (
    <dialog
      ref={dialog}
      className="details confirm"
      data-testid="action-confirm"
      aria-labelledby="confirm-title"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <header className="details-head">
        <h2 id="confirm-title">{ending ? 'End process' : 'Close connection'}</h2>
      </header>
      <div className="confirm-body">
        {flow.step === 'loading' && <p className="muted">Asking what this would hit…</p>}
        {flow.step === 'error' && (
          <p className="error-text" role="alert" data-testid="action-error">
            {flow.message}
          </p>
        )}
        {preview && <PreviewView preview={preview} />}
        {flow.step === 'done' && <Results flow={flow} />}
        {ending && flow.step === 'confirm' && canConfirm && (
          <fieldset className="confirm-signal">
            <label>
              <input type="radio" name="signal" checked={signal === 'term'} onChange={() => setSignal('term')} /> ask to
              exit (SIGTERM)
            </label>
            <label>
              <input type="radio" name="signal" checked={signal === 'kill'} onChange={() => setSignal('kill')} /> force
              (SIGKILL)
            </label>
          </fieldset>
        )}
      </div>
      <footer className="confirm-foot">
        <button type="button" className="btn" onClick={onClose} data-testid="confirm-cancel" autoFocus>
          {flow.step === 'done' || flow.step === 'error' ? 'Close' : 'Cancel'}
        </button>
        {(flow.step === 'confirm' || flow.step === 'running') && (
          <button
            type="button"
            className="btn btn-danger"
            data-testid="confirm-action"
            disabled={!canConfirm}
            onClick={() => confirm(signal)}
          >
            {flow.step === 'running' ? 'Working…' : ending ? 'End process' : 'Close connection'}
          </button>
        )}
      </footer>
    </dialog>
  );
}
