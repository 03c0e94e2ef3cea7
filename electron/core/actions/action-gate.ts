/**
 * How a transport exposes the actions. The web host offers them only with
 * `serve --allow-actions`; without it they answer "actions are off". Where they are on, and in
 * the renderer's IPC, an action must carry a fresh nonce from previewAction, so a replayed or
 * scripted request that never showed a preview is refused. The tray and the CLI call the
 * service directly and show their own confirmation first.
 */
import type { ActionResult } from '../../../shared/action-model';
import type { PortApi } from '../../../shared/contract';

/** 'off': actions refused; 'confirmed': a fresh preview nonce is required. */
export type ActionMode = 'off' | 'confirmed';

/** The methods that act (previewAction and checkPort only read). */
export const ACTING_METHODS = ['endProcess', 'closeConnection'] as const;

/** What a web host without --allow-actions answers. */
export const ACTIONS_OFF_TEXT =
  'actions are off: start the web host with --allow-actions to end processes and close connections';

/** Thrown by a gated API, so every transport reports it as its usual error. */
export class ActionsRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ActionsRefusedError';
  }
}

const NO_NONCE =
  'refused: an action needs the one-time confirmation from previewAction; preview the action and confirm';

/** What a web host with --allow-actions answers a WebSocket that did not send the page's own Origin. */
export const NO_ORIGIN_TEXT =
  "actions are refused on this connection: it did not come from Ephemera's own page (no Origin)";

/** The API with its actions gated; `offText` says why when the mode is 'off'. */
export function gateActions<T extends PortApi>(api: T, mode: ActionMode, offText = ACTIONS_OFF_TEXT): T {
  const requireNonce =
    <R extends { nonce?: string }>(run: (request: R) => Promise<ActionResult>) =>
    async (request: R): Promise<ActionResult> => {
      if (mode === 'off') throw new ActionsRefusedError(offText);
      if (typeof request?.nonce !== 'string') throw new ActionsRefusedError(NO_NONCE);
      return run(request);
    };
  const gated: T = Object.create(api) as T;
  gated.endProcess = requireNonce((r) => api.endProcess(r));
  gated.closeConnection = requireNonce((r) => api.closeConnection(r));
  if (mode === 'off') gated.previewAction = async () => Promise.reject(new ActionsRefusedError(offText));
  return gated;
}

/** The line a web host prints at start, so whoever starts it knows whether it can end processes. */
export function actionsLine(allowed: boolean): string {
  return allowed
    ? 'Actions: ON (--allow-actions): the page can end processes and close connections, each after a preview and confirmation'
    : 'Actions: off (start with --allow-actions to end processes and close connections from the page)';
}
