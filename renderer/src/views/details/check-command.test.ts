import { describe, expect, it } from 'vitest';
import { checkCommands } from './check-command';

describe('checkCommands', () => {
  it('gives the commands of each OS', () => {
    expect(checkCommands('linux', 60430, 'tcp').map((c) => c.command)).toEqual([
      "ss -tanp 'sport = :60430'",
      'lsof -i :60430',
    ]);
    expect(checkCommands('linux', 5353, 'udp')[0]?.command).toBe("ss -uanp 'sport = :5353'");
    expect(checkCommands('darwin', 443, 'tcp')).toEqual([{ label: 'lsof', command: 'lsof -i :443' }]);
    expect(checkCommands('win32', 49700, 'tcp')).toEqual([
      { label: 'netstat', command: 'netstat -ano | findstr :49700' },
    ]);
    expect(checkCommands('freebsd', 22, 'tcp')[0]?.command).toBe('lsof -i :22');
  });
});
