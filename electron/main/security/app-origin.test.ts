import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, appUrl, isAppUrl } from './app-origin';

describe('app origin', () => {
  it('builds window URLs for each route under the app origin', () => {
    expect(appUrl('main')).toBe('app://ephemera/index.html#/');
    expect(appUrl('glance')).toBe('app://ephemera/index.html#/glance');
    expect(appUrl('main').startsWith(`${APP_ORIGIN}/`)).toBe(true);
  });

  it('accepts only our scheme and host', () => {
    expect(isAppUrl('app://ephemera/index.html#/glance')).toBe(true);
    expect(isAppUrl('app://ephemera/')).toBe(true);
    for (const url of [
      'app://evil/index.html',
      'app://ephemera.evil.com/index.html',
      'app://user:pw@ephemera/index.html',
      'https://ephemera/index.html',
      'file:///work/main/out/renderer/index.html',
      'http://127.0.0.1:5173/',
      'about:blank',
      'devtools://devtools/bundled/inspector.html',
      '',
      'not a url',
    ]) {
      expect(isAppUrl(url), url).toBe(false);
    }
  });
});
