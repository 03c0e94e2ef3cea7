/**
 * Polls tcp_info for one target while a view shows it, once a second (the service reads each
 * target at most that often anyway). Null target: nothing is read.
 */
import { useEffect, useState } from 'react';
import type { TcpInfoResult, TcpInfoTarget } from '../../../../shared/destination-model';
import { useServices } from '../../app-context';
import { errorText } from '../../store/connect-store';

/** Where a tcp_info read stands. */
export type TcpInfoState = { status: 'loading' } | { status: 'ok'; result: TcpInfoResult } | { status: 'error'; message: string };

const POLL_MS = 1000;

/** The latest tcp_info of a target (stable key: re-polls only when the target changes). */
export function useTcpInfo(target: TcpInfoTarget | null): TcpInfoState {
  const { call } = useServices();
  const [state, setState] = useState<TcpInfoState>({ status: 'loading' });
  const key = target === null ? null : JSON.stringify(target);
  useEffect(() => {
    if (key === null) return;
    const parsed = JSON.parse(key) as TcpInfoTarget;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = (): void => {
      call('getTcpInfo', { target: parsed }).then(
        (result) => {
          if (!live) return;
          setState({ status: 'ok', result });
          if (result.available) timer = setTimeout(poll, POLL_MS);
        },
        (err: unknown) => {
          if (!live) return;
          setState({ status: 'error', message: errorText(err) });
          timer = setTimeout(poll, POLL_MS * 5);
        },
      );
    };
    poll();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [key, call]);
  return state;
}
