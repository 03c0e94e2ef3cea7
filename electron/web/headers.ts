/**
 * The headers every web-host response carries: a strict CSP that allows scripts only from the
 * host and sockets only to its own port, no sniffing, no referrer, no caching of the token page,
 * and no framing, so the UI behaves like the sandboxed Electron window it also runs in.
 */
import { rendererCsp } from '../../shared/csp';

/** The Content-Security-Policy for a host listening on `port`: sockets only to that port. */
export function contentSecurityPolicy(port: number): string {
  return rendererCsp('header', [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`]);
}

/** Every response's security headers. */
export function securityHeaders(port: number): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(port),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}
