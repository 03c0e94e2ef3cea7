import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { META_CONNECT_SRC, rendererCsp } from '../../../shared/csp';
import { APP_CSP, appResponseHeaders, cspDirectives } from './csp';

/** The policy of the <meta http-equiv="Content-Security-Policy"> tag in an HTML file. */
function metaPolicy(html: string): string | null {
  const tag = /<meta\s+[^>]*http-equiv=["']Content-Security-Policy["'][^>]*>/i.exec(html)?.[0];
  return tag ? (/content="([^"]*)"/i.exec(tag)?.[1] ?? null) : null;
}

describe('app CSP', () => {
  it('is the policy of the meta tag in renderer/index.html, plus frame-ancestors', () => {
    const html = readFileSync(join(import.meta.dirname, '../../../renderer/index.html'), 'utf8');
    const meta = metaPolicy(html);
    expect(meta).not.toBeNull();
    expect(cspDirectives(meta ?? '')).toEqual(cspDirectives(rendererCsp('meta', META_CONNECT_SRC)));
    const withoutSockets = (p: string) => cspDirectives(p).filter((d) => !d.startsWith('connect-src'));
    expect(withoutSockets(APP_CSP)).toEqual(withoutSockets(`${meta}; frame-ancestors 'none'`));
  });

  it('allows scripts only through the pinned bootstrap, never other inline code or eval', () => {
    const script = cspDirectives(APP_CSP).find((d) => d.startsWith('script-src '));
    expect(script).toMatch(/^script-src 'sha256-[A-Za-z0-9+/]{43}=' 'strict-dynamic'$/);
    expect(cspDirectives(APP_CSP)).toContain("connect-src 'self'");
    expect(APP_CSP).not.toMatch(/unsafe-eval|(^|\s)\*(\s|;|$)|https?:/);
    expect(cspDirectives(APP_CSP)).toContain("frame-ancestors 'none'");
  });

  it('normalizes directive order, case and spacing', () => {
    expect(cspDirectives("Script-Src  'self' ;default-src 'none';")).toEqual(["default-src 'none'", "script-src 'self'"]);
  });

  it('sends the policy with every app:// response', () => {
    const headers = appResponseHeaders('text/html; charset=utf-8');
    expect(headers['Content-Security-Policy']).toBe(APP_CSP);
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
    expect(headers['Content-Type']).toBe('text/html; charset=utf-8');
  });
});
