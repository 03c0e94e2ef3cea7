/**
 * The command a person would run to check a port by hand on this OS, so Ephemera's answer can
 * be verified without trusting Ephemera.
 */
import type { Proto } from '../../../../shared/model';

/** One shell command with a short label. */
export interface CheckCommand {
  label: string;
  command: string;
}

/** Commands for a local port, the most direct first; `platform` is snapshot.platform. */
export function checkCommands(platform: string, port: number, proto: Proto): CheckCommand[] {
  const lsof = { label: 'lsof', command: `lsof -i :${port}` };
  if (platform === 'win32') return [{ label: 'netstat', command: `netstat -ano | findstr :${port}` }];
  if (platform === 'linux') {
    const flags = proto === 'udp' ? '-uanp' : '-tanp';
    return [{ label: 'ss', command: `ss ${flags} 'sport = :${port}'` }, lsof];
  }
  return [lsof];
}
