import { describe, expect, it } from 'vitest';
import type { Socket } from '../../../shared/model';
import type { CloserEffects } from './close-connection';
import { closeConnection, connectionRefusal, ssTupleFilter } from './close-connection';
import type { RunOutput } from './end-process';
import { taskkillOutcome } from './end-process';
import { destroySupportIn, hasNetAdmin } from './real-effects';

const row = (over: Partial<Socket> = {}): Socket => ({
  id: 'tcp|127.0.0.1|5000|127.0.0.1|80|7',
  proto: 'tcp',
  family: 4,
  localAddress: '127.0.0.1',
  localPort: 5000,
  remoteAddress: '127.0.0.1',
  remotePort: 80,
  state: 'ESTABLISHED',
  inode: 7,
  uid: 0,
  txQueue: 0,
  rxQueue: 0,
  timer: null,
  owner: { pid: 4121, startTime: 9, name: 'node' },
  ...over,
});

const HEADER = 'State Recv-Q Send-Q Local Address:Port Peer Address:Port Process\n';

function effects(over: Partial<CloserEffects> & { outputs?: RunOutput[] } = {}): CloserEffects & { calls: string[][] } {
  const calls: string[][] = [];
  const outputs = [...(over.outputs ?? [])];
  return {
    platform: 'linux',
    privileged: async () => true,
    kernelSupport: async () => 'yes',
    run: async (cmd, args) => {
      calls.push([cmd, ...args]);
      return outputs.shift() ?? { code: 0, stdout: HEADER, stderr: '' };
    },
    ...over,
    calls,
  };
}

describe('closeConnection decisions', () => {
  it('passes ss the exact 4-tuple, IPv6 bracketed', () => {
    expect(ssTupleFilter(row())).toEqual(['src', '127.0.0.1:5000', 'dst', '127.0.0.1:80']);
    expect(ssTupleFilter(row({ localAddress: '::1', remoteAddress: '::ffff:10.0.0.1' }))).toEqual([
      'src',
      '[::1]:5000',
      'dst',
      '[::ffff:10.0.0.1]:80',
    ]);
  });

  it('says "not supported on this OS" on Windows and macOS, in words, without running anything', async () => {
    for (const platform of ['win32', 'darwin']) {
      const fx = effects({ platform });
      const r = await closeConnection(row(), fx);
      expect(r.outcome).toBe('not-supported');
      expect(r.message).toMatch(/not supported on this OS/);
      expect(fx.calls).toEqual([]);
    }
  });

  it('names what is missing: root, the kernel support, or both', async () => {
    const noRoot = await closeConnection(row(), effects({ privileged: async () => false }));
    expect(noRoot).toMatchObject({ outcome: 'permission-denied' });
    expect(noRoot.message).toMatch(/needs root \(CAP_NET_ADMIN\)/);
    const noKernel = await closeConnection(row(), effects({ kernelSupport: async () => 'no' }));
    expect(noKernel).toMatchObject({ outcome: 'not-supported' });
    expect(noKernel.message).toMatch(/CONFIG_INET_DIAG_DESTROY/);
    const neither = await closeConnection(
      row(),
      effects({ privileged: async () => false, kernelSupport: async () => 'no' }),
    );
    expect(neither.message).toMatch(/root.*CONFIG_INET_DIAG_DESTROY/);
  });

  it('reads ss: a printed row is closed, EPERM is permission, nothing killed but still listed is the kernel', async () => {
    const killed = { code: 0, stdout: `${HEADER}ESTAB 0 0 127.0.0.1:5000 127.0.0.1:80\n`, stderr: '' };
    expect((await closeConnection(row(), effects({ outputs: [killed] }))).outcome).toBe('closed');
    const eperm = { code: 0, stdout: HEADER, stderr: 'SOCK_DESTROY answers: Operation not permitted\n' };
    expect((await closeConnection(row(), effects({ outputs: [eperm] }))).outcome).toBe('permission-denied');
    const silent = { code: 0, stdout: HEADER, stderr: '' };
    const still = await closeConnection(
      row(),
      effects({ kernelSupport: async () => 'unknown', outputs: [silent, killed] }),
    );
    expect(still.outcome).toBe('still-open');
    expect(still.message).toMatch(/CONFIG_INET_DIAG_DESTROY/);
    expect((await closeConnection(row(), effects({ outputs: [silent, silent] }))).outcome).toBe('no-such-connection');
    const missing = await closeConnection(
      row(),
      effects({ outputs: [{ code: null, stdout: '', stderr: '', error: 'ss not found' }] }),
    );
    expect(missing).toMatchObject({ outcome: 'failed' });
  });

  it("refuses UDP, listeners, TIME_WAIT and Ephemera's own connections", () => {
    expect(connectionRefusal(row({ proto: 'udp' }))).toMatch(/only TCP/);
    expect(connectionRefusal(row({ state: 'LISTEN' }))).toMatch(/listener/);
    expect(connectionRefusal(row({ state: 'TIME_WAIT' }))).toMatch(/TIME_WAIT/);
    expect(connectionRefusal(row(), 4121)).toMatch(/Ephemera's own/);
    expect(connectionRefusal(row(), 1)).toBeNull();
  });
});

describe('machine facts', () => {
  it('reads CAP_NET_ADMIN from CapEff and sock-destroy support from a kernel config', () => {
    expect(hasNetAdmin('CapEff:\t000001fffeffffff\n')).toBe(true);
    expect(hasNetAdmin('CapEff:\t0000000000000000\n')).toBe(false);
    expect(hasNetAdmin('CapEff:\t0000000000001000\n')).toBe(true);
    expect(destroySupportIn('CONFIG_INET_DIAG=y\nCONFIG_INET_DIAG_DESTROY=y\n')).toBe('yes');
    expect(destroySupportIn('CONFIG_INET_DIAG=y\n# CONFIG_INET_DIAG_DESTROY is not set\n')).toBe('no');
    expect(destroySupportIn('CONFIG_FOO=y\n')).toBe('unknown');
  });

  it("reads taskkill's answers", () => {
    expect(
      taskkillOutcome(
        { code: 0, stdout: 'SUCCESS: Sent termination signal to the process with PID 42.', stderr: '' },
        'x',
      ).ok,
    ).toBe(true);
    expect(
      taskkillOutcome(
        {
          code: 1,
          stdout: '',
          stderr: 'ERROR: The process with PID 4 could not be terminated.\nReason: Access is denied.',
        },
        'x',
      ),
    ).toMatchObject({ outcome: 'permission-denied' });
    expect(taskkillOutcome({ code: 128, stdout: '', stderr: 'ERROR: The process "42" not found.' }, 'x')).toMatchObject(
      { outcome: 'no-such-process' },
    );
  });
});
