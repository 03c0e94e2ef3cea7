import { describe, expect, it } from 'vitest';
import type { Status } from '../../../../shared/contract';
import { ownerCoverageText } from '../../../../shared/owner-coverage-text';
import { eventsText, samplerText, stretchedText } from './status-text';

const status: Status = {
  source: 'linux-procfs',
  intervalMs: 1000,
  paused: false,
  lastSampleMs: 1400,
  stretched: true,
  samples: 10,
  ownerCoverage: { attributed: 212, total: 260, timeWait: 40, otherUsers: 8, asRoot: false, platform: 'linux' },
  events: 'running',
  ephemeralRange: { low: 32768, high: 60999, source: 'os', origin: '/proc/sys/net/ipv4/ip_local_port_range' },
  errors: [],
};

describe('status text', () => {
  it('says how many owners are known, and why not the others (shared words)', () => {
    expect(ownerCoverageText(status.ownerCoverage)).toBe(
      "212 of 260 sockets attributed; 40 in TIME_WAIT (closed; no process holds them); 8 of other users' processes (visible as root)",
    );
    expect(ownerCoverageText({ attributed: 1200, total: 1200 })).toBe('all 1,200 sockets attributed');
    expect(ownerCoverageText({ attributed: 0, total: 0 })).toBe('no sockets yet');
  });

  it('names the sampler and warns about stretched ticks', () => {
    expect(samplerText(status)).toBe('linux-procfs every 1 s');
    expect(stretchedText(status)).toBe('sampling is behind: the last sample took 1.4 s, the interval is 1 s');
    expect(stretchedText({ ...status, stretched: false })).toBeNull();
  });

  it('says what the destroy-event reader does, loudly only while it restarts', () => {
    expect(eventsText('running (ss -E)')).toEqual({ text: 'destroy events running (ss -E)', tone: 'quiet' });
    expect(eventsText('off: ss not found')).toEqual({ text: 'destroy events off: ss not found', tone: 'quiet' });
    expect(eventsText('restarting in 4s: ss exited with code 1').tone).toBe('warn');
  });
});
