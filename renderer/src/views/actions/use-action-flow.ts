/**
 * The confirmation's steps: ask the service for the preview (and its one-time nonce), wait for
 * the user, run the action for each target with that nonce, keep the results. The service
 * checks everything again; this only carries the nonce from the preview to the action.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ActionPreview, ActionResult, PreviewRequest, SignalName } from '../../../../shared/action-model';
import { useServices } from '../../app-context';
import { errorText } from '../../store/connect-store';

/** Where the confirmation stands. */
export type ActionFlow =
  | { step: 'loading' }
  | { step: 'error'; message: string }
  | { step: 'confirm'; preview: ActionPreview }
  | { step: 'running'; preview: ActionPreview }
  | { step: 'done'; preview: ActionPreview; results: ActionResult[] };

/** Runs one confirmation for a request. */
export function useActionFlow(request: PreviewRequest): { flow: ActionFlow; confirm: (signal: SignalName) => void } {
  const { call } = useServices();
  const [flow, setFlow] = useState<ActionFlow>({ step: 'loading' });

  useEffect(() => {
    let live = true;
    call('previewAction', request).then(
      (preview) => live && setFlow({ step: 'confirm', preview }),
      (err: unknown) => live && setFlow({ step: 'error', message: errorText(err) }),
    );
    return () => {
      live = false;
    };
  }, [call, request]);

  const confirm = useCallback(
    (signal: SignalName) => {
      if (flow.step !== 'confirm') return;
      const { preview } = flow;
      setFlow({ step: 'running', preview });
      const nonce = preview.nonce;
      const run = async (): Promise<ActionResult[]> => {
        if (preview.kind === 'close-connection' && preview.connection !== null) {
          return [await call('closeConnection', { id: preview.connection.id, nonce })];
        }
        const results: ActionResult[] = [];
        for (const p of preview.processes.filter((x) => x.refusal === null)) {
          results.push(await call('endProcess', { pid: p.pid, startTime: p.startTime, signal, nonce }));
        }
        return results;
      };
      run().then(
        (results) => setFlow({ step: 'done', preview, results }),
        (err: unknown) => setFlow({ step: 'error', message: errorText(err) }),
      );
    },
    [call, flow],
  );
  return { flow, confirm };
}
