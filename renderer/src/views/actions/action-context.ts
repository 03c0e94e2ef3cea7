/**
 * How any view asks for an action's confirmation (the owner panel, the details dialog, the
 * Delete key): one function from the app root, which opens the one confirmation dialog.
 */
import { createContext, useContext } from 'react';
import type { PreviewRequest } from '../../../../shared/action-model';

/** Opens the confirmation for a request. */
export type RequestAction = (request: PreviewRequest) => void;

/** Provided by the main window; the popover has no actions. */
export const ActionContext = createContext<RequestAction | null>(null);

/** The request function, or null where actions are not offered. */
export function useRequestAction(): RequestAction | null {
  return useContext(ActionContext);
}
