/**
 * Reads one process's details from the service on demand (owner panel, details dialog), with a
 * short cache so moving the selection up and down does not re-ask for the same process.
 */
import { useEffect, useState } from 'react';
import type { Owner, ProcessInfo } from '../../../../shared/model';
import { useServices } from '../../app-context';
import { errorText } from '../../store/connect-store';

/** Where a process lookup stands. */
export type ProcessLookup =
  | { status: 'none' }
  | { status: 'loading' }
  | { status: 'ok'; info: ProcessInfo }
  | { status: 'error'; message: string };

const CACHE_MS = 10_000;
const cache = new Map<string, { at: number; info: ProcessInfo }>();

/** Turns a lookup failure into a sentence; a vanished process is said plainly. */
export function processErrorText(pid: number, err: unknown): string {
  const text = errorText(err);
  if (/gone|exited|no such process|ESRCH|ENOENT|not found/i.test(text)) {
    return `Process ${pid} has exited; its details are no longer available.`;
  }
  return `Could not read process ${pid}: ${text}`;
}

/** What a lookup says for a capture's owner: its pid is another machine's. */
export const CAPTURE_PROCESS_TEXT = 'Taken elsewhere: this pid belongs to the machine the capture came from, so no process details are read here.';

/**
 * Looks up the owner's process (pid + start time, so a reused pid is refused by the service).
 * `local` is false for a capture's row: nothing is asked, the pid is not this machine's.
 */
export function useProcessInfo(owner: Owner | null, local = true): ProcessLookup {
  const { call } = useServices();
  const [lookup, setLookup] = useState<ProcessLookup>({ status: 'none' });
  const pid = owner?.pid ?? null;
  const startTime = owner?.startTime ?? 0;

  useEffect(() => {
    if (pid === null) {
      setLookup({ status: 'none' });
      return;
    }
    if (!local) {
      setLookup({ status: 'error', message: CAPTURE_PROCESS_TEXT });
      return;
    }
    const key = `${pid}:${startTime}`;
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < CACHE_MS) {
      setLookup({ status: 'ok', info: hit.info });
      return;
    }
    let live = true;
    setLookup({ status: 'loading' });
    call('getProcess', startTime > 0 ? { pid, startTime } : { pid }).then(
      (info) => {
        cache.set(key, { at: Date.now(), info });
        if (live) setLookup({ status: 'ok', info });
      },
      (err: unknown) => live && setLookup({ status: 'error', message: processErrorText(pid, err) }),
    );
    return () => {
      live = false;
    };
  }, [call, pid, startTime, local]);

  return lookup;
}
