/**
 * "Open capture…" in the toolbar: the desktop app's native picker, or a file input on the web
 * host; files dropped on the window and text pasted outside a text field open the same way.
 */
import { useEffect, useRef, useState } from 'react';
import { hasNativeFilePicker } from '../../api/bridge';
import { useServices } from '../../app-context';
import { errorText } from '../../store/connect-store';
import { openCaptureFile, openPastedCapture } from './capture-open';

/** True when a paste goes to a text field (the filter box), not to the window. */
function inTextField(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}

/** The button, its hidden file input, and the window's drop and paste handlers. */
export function CaptureButton({ disabled }: { disabled: boolean }) {
  const { store, call } = useServices();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);

  const open = async (job: () => Promise<Parameters<typeof store.openCapture>[0] | null>): Promise<void> => {
    setBusy(true);
    try {
      const capture = await job();
      if (capture) store.openCapture(capture);
    } catch (err) {
      store.reportProblem(`open capture failed: ${errorText(err)}`);
    } finally {
      setBusy(false);
    }
  };
  const openRef = useRef(open);
  openRef.current = open;

  useEffect(() => {
    const onDrop = (e: DragEvent): void => {
      const file = e.dataTransfer?.files[0];
      if (!file) return;
      e.preventDefault();
      void openRef.current(() => openCaptureFile(call, file));
    };
    const onDragOver = (e: DragEvent): void => {
      if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
    };
    const onPaste = (e: ClipboardEvent): void => {
      const text = e.clipboardData?.getData('text/plain') ?? '';
      if (inTextField(e.target) || text.trim() === '') return;
      e.preventDefault();
      void openRef.current(() => openPastedCapture(call, text));
    };
    window.addEventListener('drop', onDrop);
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('drop', onDrop);
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('paste', onPaste);
    };
  }, [call]);

  const choose = (): void => {
    if (hasNativeFilePicker()) void open(() => call('openCaptureFile', {}));
    else input.current?.click();
  };
  return (
    <>
      <button
        type="button"
        className="btn"
        data-testid="open-capture"
        title="Open a saved ss, netstat or lsof output from another machine (or drop a file, or paste text)"
        disabled={disabled || busy}
        onClick={choose}
      >
        {busy ? 'Reading…' : 'Open capture…'}
      </button>
      <input
        ref={input}
        type="file"
        hidden
        data-testid="capture-file"
        accept=".txt,.log,.out,text/plain"
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          if (file) void open(() => openCaptureFile(call, file));
        }}
      />
    </>
  );
}
