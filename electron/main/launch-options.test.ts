import { describe, expect, it } from 'vitest';
import { parseLaunchOptions } from './launch-options';

describe('parseLaunchOptions', () => {
  it('defaults to Electron userData, no hooks, visible', () => {
    expect(parseLaunchOptions(['/usr/bin/electron', '.'], {}, '/home/u')).toEqual({ userDataDir: null, e2e: false, hidden: false });
  });

  it('reads the user-data flag in both spellings, resolving relative paths against cwd', () => {
    expect(parseLaunchOptions(['e', '--ephemera-user-data=/tmp/x'], {}, '/w').userDataDir).toBe('/tmp/x');
    expect(parseLaunchOptions(['e', '--ephemera-user-data', 'data'], {}, '/w').userDataDir).toBe('/w/data');
    expect(parseLaunchOptions(['e', '--ephemera-user-data', '--hidden'], {}, '/w')).toEqual({ userDataDir: null, e2e: false, hidden: true });
  });

  it('falls back to EPHEMERA_USER_DATA, and the flag wins over it', () => {
    expect(parseLaunchOptions(['e'], { EPHEMERA_USER_DATA: '/env' }, '/w').userDataDir).toBe('/env');
    expect(parseLaunchOptions(['e', '--ephemera-user-data=/flag'], { EPHEMERA_USER_DATA: '/env' }, '/w').userDataDir).toBe('/flag');
    expect(parseLaunchOptions(['e'], { EPHEMERA_USER_DATA: '' }, '/w').userDataDir).toBeNull();
  });

  it('turns on test hooks only for EPHEMERA_E2E=1 exactly', () => {
    expect(parseLaunchOptions(['e'], { EPHEMERA_E2E: '1' }, '/').e2e).toBe(true);
    expect(parseLaunchOptions(['e'], { EPHEMERA_E2E: 'true' }, '/').e2e).toBe(false);
  });
});
