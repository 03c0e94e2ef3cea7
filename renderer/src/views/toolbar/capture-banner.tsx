/**
 * The strip under the toolbar while a capture is shown: what it is ("capture: file.txt, macOS
 * netstat, 412 rows, taken elsewhere"), what of it was not a row, and one click back to live.
 */
import { formatCount } from '../../../../shared/format';
import { useServices, useStoreState } from '../../app-context';

/** The banner, or nothing when the live table is shown. */
export function CaptureBanner() {
  const { capture } = useStoreState();
  const { store } = useServices();
  if (!capture) return null;
  const s = capture.source;
  const kinds = Object.entries(s.skippedBy).map(([kind, n]) => `${formatCount(n)} ${kind}`).join(', ');
  return (
    <section className="capture-banner" data-testid="capture-banner" role="status" aria-label="Capture shown">
      <b data-testid="capture-title">{capture.banner}</b>
      <span className="muted small">
        {s.encoding} · {formatCount(s.linesRead)} lines
        {s.portUnknownRows > 0 && ` · ${formatCount(s.portUnknownRows)} with a port unknown`}
        {s.formats.length > 1 && ` · mixed: ${s.formats.map((f) => `${f.rows} ${f.format}`).join(', ')}`}
      </span>
      {s.linesSkipped > 0 && (
        <details className="capture-skipped">
          <summary>
            {formatCount(s.linesSkipped)} not rows ({kinds})
          </summary>
          <ol className="mono small">
            {s.skippedSample.map((k) => (
              <li key={k.line} title={k.text}>
                line {k.line}: {k.reason} — <span className="muted">{k.text}</span>
              </li>
            ))}
          </ol>
        </details>
      )}
      <button type="button" className="btn btn-small" data-testid="back-to-live" onClick={() => store.closeCapture()}>
        Back to live
      </button>
    </section>
  );
}
