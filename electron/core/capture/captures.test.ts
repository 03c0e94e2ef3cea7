/**
 * The real captures in fixtures/captures (see its README for each one's source), read as the CLI
 * and the window read them. Every expected number was counted by hand from the file (rows, owners,
 * lines that are no rows), not taken from the parser.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Capture } from '../../../shared/capture';
import { readCapture } from './read-capture';

const bytes = (name: string) => readFileSync(new URL(`../sampler/fixtures/captures/${name}`, import.meta.url));

function read(name: string): Capture {
  const r = readCapture({ bytes: bytes(name) }, name);
  if (!r.ok) throw new Error(r.error);
  return r.capture;
}

/** "pid/name" of every row, counted: the owners as the capture printed them ('-' for none). */
function owners(c: Capture): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of c.sockets) {
    const key = s.owner ? `${s.owner.pid}/${s.owner.name}` : '-';
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

interface Expected {
  file: string;
  format: Capture['source']['format'];
  rows: number;
  skipped: number;
  owners: Record<string, number>;
}

const EXPECTED: readonly Expected[] = [
  { file: 'netstat-tulpn-node-netstat-22.txt', format: 'linux-netstat', rows: 11, skipped: 1, owners: { '306/named': 8, '364/avahi-daemon: r': 1, '7618/dhcpd': 1, '-': 1 } },
  { file: 'netstat-lpn-adguardhome-462.txt', format: 'linux-netstat', rows: 11, skipped: 3, owners: { '4802/java': 11 } },
  { file: 'netstat-antpdo-grep-til-118.txt', format: 'linux-netstat', rows: 3, skipped: 1, owners: { '9420/Passenger Ruby': 1, '9360/Passenger Ruby': 2 } },
  { file: 'netstat-a-names-unix-heidsoft-12.txt', format: 'linux-netstat', rows: 2, skipped: 6, owners: { '-': 2 } },
  { file: 'netstat-names-headerless-kippo-173.txt', format: 'linux-netstat', rows: 17, skipped: 0, owners: { '-': 17 } },
  { file: 'netstat-t-a-names-diamond-217.txt', format: 'linux-netstat', rows: 7, skipped: 7, owners: { '-': 7 } },
  { file: 'netstat-nlp-grep-hackathon-461.txt', format: 'linux-netstat', rows: 1, skipped: 0, owners: { '23788/node': 1 } },
  { file: 'ss-tulpn-grep-opensuse-12164.txt', format: 'ss', rows: 3, skipped: 2, owners: { '5254/httpd-prefork': 1, '19631/sshd': 2 } },
  { file: 'ss-ln4p-wang-kai-140.txt', format: 'ss', rows: 1, skipped: 2, owners: { '50040/nginx': 1 } },
  { file: 'ss-tl-names-util-linux-2066.txt', format: 'ss', rows: 1, skipped: 2, owners: { '-': 1 } },
  { file: 'lsof-p-grep-names-loki-11011.txt', format: 'lsof', rows: 5, skipped: 0, owners: { '8709/loki': 5 } },
  { file: 'lsof-n-i-tproxy-rnkp-1.txt', format: 'lsof', rows: 1, skipped: 2, owners: { '9439/node': 1 } },
  { file: 'lsof-macos-bettercap-196.txt', format: 'lsof', rows: 13, skipped: 2, owners: { '1/launchd': 2, '43/UserEvent': 2, '52/configd': 2, '58/airportd': 7 } },
  { file: 'lsof-E-ipv6-lsof-linux-42.txt', format: 'lsof', rows: 1, skipped: 4, owners: { '1070/ssh': 1 } },
  { file: 'netstat-anb-fr-tp5.txt', format: 'win32-netstat', rows: 29, skipped: 35, owners: { '-': 29 } },
  { file: 'netstat-ab-names-wsl-7377.txt', format: 'win32-netstat', rows: 12, skipped: 16, owners: { '-': 12 } },
  { file: 'netstat-ano-findstr-gngsn-1.txt', format: 'win32-netstat', rows: 1, skipped: 2, owners: { '27280/': 1 } },
  { file: 'darwin-netstat-a-names-sections.txt', format: 'darwin-netstat', rows: 63, skipped: 13, owners: { '-': 63 } },
];

describe('real captures people pasted', () => {
  it.each(EXPECTED)('$file: $rows rows as $format, owners as printed, every other line counted', (e) => {
    const c = read(e.file);
    expect(c.source.format).toBe(e.format);
    expect(c.source.rowsKept).toBe(e.rows);
    expect(c.sockets).toHaveLength(e.rows);
    expect(c.source.linesSkipped).toBe(e.skipped);
    expect(c.source.linesRead).toBe(e.rows + e.skipped);
    expect(Object.values(c.source.skippedBy).reduce((a, b) => a + b, 0)).toBe(e.skipped);
    expect(owners(c)).toEqual(e.owners);
    expect(new Set(c.sockets.map((s) => s.id)).size).toBe(e.rows);
  });

  it('Linux netstat -tulpn: UDP without a state, "-" as an unknown owner, a program name with a space', () => {
    const c = read('netstat-tulpn-node-netstat-22.txt');
    expect(c.sockets.find((s) => s.localPort === 22)).toMatchObject({ proto: 'tcp', state: 'LISTEN', localAddress: '0.0.0.0', owner: null });
    expect(c.sockets.find((s) => s.localPort === 5353)).toMatchObject({ proto: 'udp', state: 'UNCONN', owner: { pid: 364, name: 'avahi-daemon: r' } });
    expect(c.ephemeralRange).toMatchObject({ low: 32768, high: 60999, source: 'default' });
  });

  it("netstat's ':::3000' is the IPv6 wildcard; -o timers are no part of the program name", () => {
    expect(read('netstat-nlp-grep-hackathon-461.txt').sockets[0]).toMatchObject({ family: 6, localAddress: '::', localPort: 3000, remoteAddress: '::', remotePort: 0 });
    const til = read('netstat-antpdo-grep-til-118.txt');
    expect(til.sockets.map((s) => s.owner?.name)).toEqual(['Passenger Ruby', 'Passenger Ruby', 'Passenger Ruby']);
  });

  it('names stay as printed: hosts in localHost/remoteHost, service names mapped to IANA ports', () => {
    const heidsoft = read('netstat-a-names-unix-heidsoft-12.txt');
    expect(heidsoft.sockets[0]).toMatchObject({ localAddress: '', localHost: 'localhost', localPort: 30037 });
    expect(heidsoft.sockets[1]).toMatchObject({ proto: 'udp', localAddress: '0.0.0.0', localPort: 68, localPortName: 'bootpc' });
    expect(heidsoft.source.skippedBy['not-inet']).toBe(1);
    const diamond = read('netstat-t-a-names-diamond-217.txt');
    expect(diamond.sockets.map((s) => [s.localHost ?? s.localAddress, s.localPort, s.localPortName ?? ''])).toEqual([
      ['0.0.0.0', 34028, ''], ['0.0.0.0', 111, 'sunrpc'], ['0.0.0.0', 22, 'ssh'], ['dfvimeostatsd1', 25, 'smtp'],
      ['0.0.0.0', 48766, ''], ['0.0.0.0', 8126, ''], ['0.0.0.0', 5666, ''],
    ]);
    expect(read('ss-tl-names-util-linux-2066.txt').sockets[0]).toMatchObject({ proto: 'tcp', localAddress: '127.0.0.53', localPort: 53, localPortName: 'domain' });
    expect(read('lsof-p-grep-names-loki-11011.txt').sockets[3]).toMatchObject({ family: 6, localHost: 'localhost', localPort: 9095, remoteHost: 'localhost', remotePort: 37400, inode: 416159490 });
  });

  it('a service name IANA gives no single port keeps the row with the port unknown, and says so', () => {
    const c = read('lsof-n-i-tproxy-rnkp-1.txt');
    expect(c.sockets[0]).toMatchObject({ family: 6, localAddress: '::', localPort: 0, localPortName: 'tproxy', state: 'LISTEN' });
    expect(c.source.portUnknownRows).toBe(1);
  });

  it("names netstat cut to its 23-character column are kept as printed, never as addresses", () => {
    const c = read('netstat-names-headerless-kippo-173.txt');
    expect(c.sockets.filter((s) => s.remoteHost !== undefined).map((s) => s.remoteHost)).toEqual([
      '11.189.182.202.st', '219.51.174.61.dial', 'ec2-54-93-54-143.', '11.189.182.202.st',
    ]);
    for (const s of c.sockets) expect(s.remoteHost === undefined ? s.remoteAddress : '').toMatch(/^(\d+\.){3}\d+$|^$/);
  });

  it('macOS netstat -a: names, UDP rows, and no row from the Multipath or unix-domain sections', () => {
    const c = read('darwin-netstat-a-names-sections.txt');
    expect(c.sockets.filter((s) => s.proto === 'tcp')).toHaveLength(20);
    expect(c.source.skippedBy['other-section']).toBe(7);
    expect(c.sockets.find((s) => s.localPort === 59253)).toMatchObject({ remoteHost: 'live.github.com', remotePort: 443, remotePortName: 'https' });
    expect(c.sockets.filter((s) => s.localHost === 'localhost' && s.localPort === 631)).toHaveLength(2);
    expect(c.sockets.filter((s) => s.localHost === 'macbook-pro-van-' && s.localPort === 123)).toHaveLength(2);
    expect(c.source.skippedSample.find((k) => k.line === 40)?.text).toMatch(/^netudp6/);
  });

  it('French netstat -anb: localized headers, states and -b detail lines under rows; no executable without a PID', () => {
    const c = read('netstat-anb-fr-tp5.txt');
    const states: Record<string, number> = {};
    for (const s of c.sockets) states[s.state] = (states[s.state] ?? 0) + 1;
    expect(states).toEqual({ LISTEN: 19, TIME_WAIT: 3, ESTABLISHED: 4, LAST_ACK: 3 });
    expect(c.source.encoding).toBe('utf-8');
    expect(c.source.skippedBy).toEqual({ other: 1, header: 2, attached: 32 });
  });

  it('Windows netstat -ab without -n: the host name as the foreign address; findstr lines without a header', () => {
    expect(read('netstat-ab-names-wsl-7377.txt').sockets.every((s) => s.remoteHost === 'orion' && s.remotePort === 0)).toBe(true);
    const findstr = read('netstat-ano-findstr-gngsn-1.txt');
    expect(findstr.sockets[0]).toMatchObject({ localPort: 3000, state: 'LISTEN', owner: { pid: 27280 } });
    expect(findstr.source.skippedSample.find((k) => k.line === 4)?.reason).toMatch(/unknown TCP state/);
  });

  it('lsof -E: the peer details between the address and the state are not taken for a state', () => {
    expect(read('lsof-E-ipv6-lsof-linux-42.txt').sockets[0]).toMatchObject({ family: 6, localAddress: '::1', localPort: 53442, remoteAddress: '::1', remotePort: 22, state: 'ESTABLISHED' });
  });
});
