/**
 * The details dialog's "address already in use" answer: may a server bind this port on 0.0.0.0
 * and 127.0.0.1 right now, and who is in the way. Asked of the service when the dialog opens.
 */
import { useEffect, useState } from 'react';
import type { PortCheck } from '../../../../shared/action-model';
import type { Proto } from '../../../../shared/model';
import { useServices } from '../../app-context';
import { errorText } from '../../store/connect-store';

/** One line per address, from the service's real bind attempt and the table. */
export function PortCheckSection({ port, proto }: { port: number; proto: Proto }) {
  const { call } = useServices();
  const [check, setCheck] = useState<PortCheck | string | null>(null);
  useEffect(() => {
    if (port === 0) return;
    let live = true;
    call('checkPort', { port, proto }).then(
      (c) => live && setCheck(c),
      (err: unknown) => live && setCheck(`could not check the port: ${errorText(err)}`),
    );
    return () => {
      live = false;
    };
  }, [call, port, proto]);
  if (port === 0) return null;
  if (check === null) return <p className="muted">Checking…</p>;
  if (typeof check === 'string') return <p className="error-text">{check}</p>;
  return (
    <ul className="confirm-results" data-testid="port-check">
      {check.answers.map((a) => (
        <li key={a.address} className={a.probe === 'free' ? 'ok-text' : 'warn-text'} data-probe={a.probe}>
          {a.text}
        </li>
      ))}
    </ul>
  );
}
