import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IANA_DEFAULT_EPHEMERAL, LINUX_DEFAULT_EPHEMERAL } from '../../../shared/port-class';
import { LINUX_RANGE_PATH, parseDarwinRange, parseLinuxRange, parseWin32Range, readEphemeralRange } from './ephemeral-range';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/ranges/${name}`, import.meta.url), 'utf8');

describe('range parsers on recorded outputs', () => {
  it('reads Linux ip_local_port_range', () => {
    expect(parseLinuxRange(fixture('linux-ip_local_port_range.txt'))).toEqual({ low: 32768, high: 60999 });
  });

  it('reads netsh start port and number of ports, whatever the prefix', () => {
    expect(parseWin32Range(fixture('netsh-dynamicport-usbipd-53.txt'))).toEqual({ low: 49152, high: 65535 });
    expect(parseWin32Range(fixture('netsh-dynamicport-runner-images-1442.txt'))).toEqual({ low: 1024, high: 65534 });
    expect(parseWin32Range(fixture('netsh-dynamicport-usbipd-53.txt').replaceAll('\n', '\r\n'))).toEqual({ low: 49152, high: 65535 });
  });

  it('refuses a sysctl listing that lacks portrange.first', () => {
    expect(parseDarwinRange(fixture('sysctl-a-portrange-ocsinventory-436.txt'))).toBeNull();
  });

  it('reads both sysctl forms', () => {
    expect(parseDarwinRange('49152\n65535\n')).toEqual({ low: 49152, high: 65535 });
    expect(parseDarwinRange('net.inet.ip.portrange.first: 10000\nnet.inet.ip.portrange.last: 20000\n')).toEqual({ low: 10000, high: 20000 });
  });

  it('refuses reversed, out-of-range and extra values', () => {
    for (const bad of ['60999 32768', '0 100', '1 70000', '1 2 3', '', 'a b']) {
      expect(parseLinuxRange(bad), bad).toBeNull();
      expect(parseDarwinRange(bad), bad).toBeNull();
    }
    expect(parseWin32Range('Start Port : 65000\nNumber of Ports : 1000\n')).toBeNull();
    expect(parseWin32Range('Start Port : 1024\n')).toBeNull();
  });

  it('never throws, and any range it returns is valid', () => {
    const valid = (r: { low: number; high: number } | null) => r === null || (r.low >= 1 && r.low <= r.high && r.high <= 65535);
    fc.assert(fc.property(fc.string(), (s) => valid(parseLinuxRange(s)) && valid(parseDarwinRange(s)) && valid(parseWin32Range(s))));
  });
});

describe('readEphemeralRange on this machine', () => {
  it('reads Linux from /proc/sys', async () => {
    const expected = parseLinuxRange(readFileSync(LINUX_RANGE_PATH, 'utf8'));
    expect(await readEphemeralRange('linux')).toEqual({ ...expected, source: 'os', origin: LINUX_RANGE_PATH });
  });

  it('falls back to the IANA default with the reason when sysctl cannot answer (no macOS keys here)', async () => {
    const r = await readEphemeralRange('darwin');
    expect(r).toMatchObject({ ...IANA_DEFAULT_EPHEMERAL, source: 'default' });
    expect(r.origin).toMatch(
      /^could not read sysctl -n net\.inet\.ip\.portrange\.first net\.inet\.ip\.portrange\.last \(exit code \d+: sysctl: cannot stat \/proc\/sys\/net\/inet\/ip\/portrange\/first: No such file or directory\); default assumed$/,
    );
  });

  it('falls back when netsh does not exist, and for a platform without a reader', async () => {
    const win = await readEphemeralRange('win32');
    expect(win).toMatchObject({ ...IANA_DEFAULT_EPHEMERAL, source: 'default' });
    expect(win.origin).toBe('could not read netsh int ipv4 show dynamicport tcp (command not found (ENOENT)); default assumed');
    expect(await readEphemeralRange('aix')).toEqual({ ...IANA_DEFAULT_EPHEMERAL, source: 'default', origin: "no reader for platform 'aix'; IANA dynamic range assumed" });
    expect(LINUX_DEFAULT_EPHEMERAL).toEqual({ low: 32768, high: 60999 });
  });
});
