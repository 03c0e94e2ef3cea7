import fc from 'fast-check';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseKernelCounters, parseSnmpTcp, parseSockstatTimeWait, readKernelCounters } from './linux-counters';

const PROC = join(__dirname, 'fixtures/linux/capture-1/proc');

describe('kernel counters on the recorded capture', () => {
  it('reads Tcp: ActiveOpens 136, PassiveOpens 31, CurrEstab 9 and TCP: tw 22', () => {
    expect(readKernelCounters(PROC)).toEqual({ activeOpens: 136, passiveOpens: 31, currEstab: 9, timeWait: 22 });
  });

  it('reads this machine live, and opens only grow', () => {
    const first = readKernelCounters('/proc');
    const second = readKernelCounters('/proc');
    if (typeof first === 'string' || typeof second === 'string') throw new Error(`unreadable: ${first} ${second}`);
    expect(second.activeOpens).toBeGreaterThanOrEqual(first.activeOpens);
    expect(second.passiveOpens).toBeGreaterThanOrEqual(first.passiveOpens);
  });

  it('says why when a file is missing', () => {
    const root = mkdtempSync(join(tmpdir(), 'ephemera-counters-'));
    expect(readKernelCounters(root)).toMatch(/^kernel counters unreadable: ENOENT/);
    mkdirSync(join(root, 'net'));
    writeFileSync(join(root, 'net/snmp'), 'Ip: Forwarding\nIp: 1\n');
    writeFileSync(join(root, 'net/sockstat'), 'TCP: inuse 1 tw 3\n');
    expect(readKernelCounters(root)).toMatch(/no Tcp:/);
  });
});

describe('column lookup by name', () => {
  it('finds the columns wherever a kernel puts them', () => {
    const snmp = 'Tcp: CurrEstab Extra ActiveOpens PassiveOpens\nTcp: 4 99 10 20\n';
    expect(parseSnmpTcp(snmp)).toEqual({ activeOpens: 10, passiveOpens: 20, currEstab: 4 });
  });

  it('refuses a value line that does not match the header, or a negative count', () => {
    expect(parseSnmpTcp('Tcp: ActiveOpens PassiveOpens CurrEstab\nTcp: 1 2\n')).toBeNull();
    expect(parseSnmpTcp('Tcp: ActiveOpens PassiveOpens CurrEstab\nTcp: 1 -2 3\n')).toBeNull();
    expect(parseSnmpTcp('Tcp: ActiveOpens PassiveOpens CurrEstab\n')).toBeNull();
    expect(parseSockstatTimeWait('TCP: inuse 1 orphan 0 alloc 1\n')).toBeNull();
    expect(parseSockstatTimeWait('TCP: inuse 1 tw x\n')).toBeNull();
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const result = parseKernelCounters(a, b);
        expect(typeof result === 'string' || result.activeOpens >= 0).toBe(true);
      }),
    );
  });
});
