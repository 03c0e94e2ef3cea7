/**
 * The Content-Security-Policy main sends as a response header for every app:// file. It is the
 * renderer's policy from shared/csp.ts, as the meta tag in renderer/index.html carries it (a test
 * keeps them equal); the header also makes frame-ancestors effective, which a meta tag cannot.
 */
import { rendererCsp } from '../../../shared/csp';
import { APP_ORIGIN } from './app-origin';

/** The policy string: the renderer's policy; Electron's UI opens no sockets of its own. */
export const APP_CSP = rendererCsp('header', []);

/** Splits a policy into normalized directives (lower-case names, single spaces), sorted. */
export function cspDirectives(policy: string): string[] {
  return policy
    .split(';')
    .map((d) => d.trim().replace(/\s+/g, ' '))
    .filter((d) => d !== '')
    .map((d) => {
      const [name = '', ...values] = d.split(' ');
      return [name.toLowerCase(), ...values].join(' ');
    })
    .sort();
}

/** Headers for an app:// response: the CSP, no sniffing, no referrer, same-origin only. */
export function appResponseHeaders(mime: string): Record<string, string> {
  return {
    'Content-Type': mime,
    'Content-Security-Policy': APP_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    // Vite's module scripts load in CORS mode; naming our own origin (and only it) keeps that
    // working on a custom scheme without opening the files to any other origin.
    'Access-Control-Allow-Origin': APP_ORIGIN,
    'Cache-Control': 'no-store',
  };
}
