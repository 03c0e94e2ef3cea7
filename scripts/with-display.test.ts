import { describe, expect, it } from 'vitest';
import { displayCommand, findOnPath } from './lib/display-command';

describe('displayCommand', () => {
  const cmd = ['playwright', 'test'];
  it('wraps in xvfb-run only on a Linux machine with no display and xvfb-run installed', () => {
    expect(displayCommand({ platform: 'linux', env: {}, xvfbRun: '/usr/bin/xvfb-run' }, cmd)).toEqual([
      '/usr/bin/xvfb-run',
      '-a',
      '--server-args=-screen 0 1280x1024x24',
      'playwright',
      'test',
    ]);
    expect(displayCommand({ platform: 'linux', env: { DISPLAY: ':0' }, xvfbRun: '/usr/bin/xvfb-run' }, cmd)).toEqual(cmd);
    expect(displayCommand({ platform: 'linux', env: { WAYLAND_DISPLAY: 'w' }, xvfbRun: '/usr/bin/xvfb-run' }, cmd)).toEqual(cmd);
    expect(displayCommand({ platform: 'linux', env: {}, xvfbRun: null }, cmd)).toEqual(cmd);
    expect(displayCommand({ platform: 'darwin', env: {}, xvfbRun: '/x' }, cmd)).toEqual(cmd);
  });
});

describe('findOnPath', () => {
  it('returns the first directory holding the name, or null', () => {
    const exists = (p: string) => p === '/b/xvfb-run' || p === '/c/xvfb-run';
    expect(findOnPath('xvfb-run', '/a::/b:/c', exists)).toBe('/b/xvfb-run');
    expect(findOnPath('xvfb-run', '/a', exists)).toBeNull();
    expect(findOnPath('xvfb-run', undefined, exists)).toBeNull();
  });
});
