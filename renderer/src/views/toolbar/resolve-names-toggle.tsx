/**
 * "Resolve names" (TCPView's habit; issue 13): on, remote ends show host names with the address
 * in the tooltip; off, numbers only and the service looks nothing up. The service keeps the
 * setting (the desktop app saves it in settings.json; the web host for its life).
 */
import { useServices, useStoreState } from '../../app-context';
import { errorText } from '../../store/connect-store';

/** The checkbox. */
export function ResolveNamesToggle() {
  const { store, call } = useServices();
  const { resolvingNames } = useStoreState();
  const toggle = (on: boolean): void => {
    store.setResolvingNames(on);
    call('setResolveNames', { on }).then(
      (r) => {
        store.setResolvingNames(r.on);
        if (r.on) void call('getHostNames', { addresses: store.remoteAddresses(4096) }).then((n) => store.addHostNames(n.names));
      },
      (err: unknown) => store.reportProblem(`"Resolve names" not changed: ${errorText(err)}`),
    );
  };
  return (
    <label className="toggle small" title="Show remote ends by host name (/etc/hosts for local addresses, DNS for public ones)">
      <input type="checkbox" data-testid="resolve-names" checked={resolvingNames} onChange={(e) => toggle(e.currentTarget.checked)} /> Resolve names
    </label>
  );
}
