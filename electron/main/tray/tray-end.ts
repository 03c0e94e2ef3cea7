/**
 * The words of the tray's native confirmation before ending a process, and of the result after,
 * from the service's preview and result. Pure (only Electron's types), so the dialog's content
 * is tested without Electron; the glue shows it with dialog.showMessageBox.
 */
import type { MessageBoxOptions } from 'electron';
import type { ActionPreview, ActionResult } from '../../../shared/action-model';
import { previewLines } from '../../../shared/action-text';

/** Index of the confirming button in the confirmation's buttons. */
export const CONFIRM_BUTTON = 1;

/** The confirmation (or, when nothing can be ended, a plain notice with one button). */
export function confirmEndBox(preview: ActionPreview): MessageBoxOptions {
  const detail = previewLines(preview).join('\n');
  if (!preview.actionable)
    return { type: 'info', title: 'Ephemera', message: preview.summary, detail, buttons: ['OK'] };
  const first = preview.processes.find((p) => p.refusal === null);
  const label = first === undefined ? 'process' : `${first.name} (pid ${first.pid})`;
  return {
    type: 'warning',
    title: 'End process',
    message: `End ${label}? It is sent SIGTERM (taskkill on Windows) and given 3 s to exit.`,
    detail,
    buttons: ['Cancel', 'End process'],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  };
}

/** What the user is told afterwards. */
export function resultBox(result: ActionResult): MessageBoxOptions {
  const ok = result.outcome === 'gone' || result.outcome === 'closed';
  return {
    type: ok ? 'info' : 'warning',
    title: 'Ephemera',
    message: ok ? 'Done' : 'Not done',
    detail: result.message,
    buttons: ['OK'],
  };
}
