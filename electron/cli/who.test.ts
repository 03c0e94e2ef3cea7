import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { row } from '../core/churn/test-rows';
import { parseSs } from '../core/sampler/ss-parse';
import { getProcessDetails } from '../core/service/process-details';
import { UsageError } from '../../shared/argv';
import { painter } from './color';
import { describeOwners, holdersOf, parseWhoTarget, renderWho, whoJson } from './who';

const fixture = (path: string) => readFileSync(new URL(`../core/sampler/fixtures/${path}`, import.meta.url), 'utf8');
const held = JSON.parse(fixture('ss/held-sockets.json')) as Record<string, number>;
const recorded = parseSs(fixture('ss/ss-tunaep.txt')).sockets;

describe('parseWhoTarget', () => {
  it('reads a port with an optional protocol', () => {
    expect(parseWhoTarget('60430')).toEqual({ port: 60430, proto: null });
    expect(parseWhoTarget('53/UDP')).toEqual({ port: 53, proto: 'udp' });
  });

  it('refuses out-of-range ports, words and unknown protocols', () => {
    for (const bad of ['70000', 'abc', '0', '80/sctp', '80/', '/tcp']) expect(() => parseWhoTarget(bad), bad).toThrow(UsageError);
  });
});

describe('holdersOf on a recorded ss capture', () => {
  it('finds the listener and the accepted connections of the held IPv4 port, all owned by the recording process', () => {
    const rows = holdersOf(recorded, { port: held.listen4!, proto: null });
    expect(rows.map((s) => s.state).sort()).toEqual(['ESTABLISHED', 'LISTEN']);
    for (const s of rows) expect(s.owner?.pid).toBe(held.pid);
  });

  it('tells tcp from udp on a port that only UDP holds', () => {
    expect(holdersOf(recorded, { port: held.udp4!, proto: 'udp' })).toHaveLength(1);
    expect(holdersOf(recorded, { port: held.udp4!, proto: 'tcp' })).toHaveLength(0);
  });
});

describe('describeOwners', () => {
  it('adds path and user for a live owner, and null for a vanished one, without failing', async () => {
    const me = await getProcessDetails(process.pid);
    const mine = row({ lport: 40000, state: 'LISTEN', inode: 1, owner: { pid: process.pid, startTime: me.startTime, name: me.name } });
    const gone = row({ lport: 40000, rport: 5, inode: 2, owner: { pid: 2 ** 22 + 7, startTime: 1, name: 'ghost' } });
    const [a, b] = await describeOwners([mine, gone]);
    expect(a?.process?.exe).toBe(process.execPath);
    expect(a?.user).toBe(me.user);
    expect(b?.process).toBeNull();
    const text = renderWho({ port: 40000, proto: null }, [a!, b!], painter(false));
    expect(text).toContain(String(process.pid));
    expect(text).toContain(process.execPath);
    expect(text).toContain('ghost');
    expect(JSON.parse(whoJson({ port: 40000, proto: null }, [a!, b!]))).toMatchObject({ held: true, sockets: [{ process: { pid: process.pid } }, { process: null }] });
  });

  it('says plainly when nothing holds the port', () => {
    expect(renderWho({ port: 60430, proto: 'tcp' }, [], painter(false))).toBe('nothing is using port 60430/tcp\n');
  });
});
