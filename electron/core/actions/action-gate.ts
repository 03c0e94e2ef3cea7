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
export const ACTIONS_OFF_TEXT = 'actions are off: start the web host with --allow-actions to end processes and close connections';

/** Thrown by a gated API, so every transport reports it as its usual error. */
export class ActionsRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ActionsRefusedError';
  }
}

const NO_NONCE = 'refused: an action needs the one-time confirmation from previewAction; preview the action and confirm';

/** The API with its actions gated. */
export function gateActions<T extends PortApi>(api: T, mode: ActionMode): T {
  const requireNonce = <R extends { nonce?: string }>(run: (request: R) => Promise<ActionResult>) =>
    async (request: R): Promise<ActionResult> => {
      if (mode === 'off') throw new ActionsRefusedError(ACTIONS_OFF_TEXT);
      if (typeof request?.nonce !== 'string') throw new ActionsRefusedError(NO_NONCE);
      return run(request);
    };
  const gated: T = Object.create(api) as T;
  gated.endProcess = requireNonce((r) => api.endProcess(r));
  gated.closeConnection = requireNonce((r) => api.closeConnection(r));
  if (mode === 'off') gated.previewAction = async () => Promise.reject(new ActionsRefusedError(ACTIONS_OFF_TEXT));
  return gated;
}
