/**
 * The renderer's Content-Security-Policy, in one place for the meta tag, the web host's header
 * and Electron's app:// header. Scripts run only through a hash-pinned bootstrap with
 * 'strict-dynamic': no 'self' allowlist (which trusts any script file the origin serves), no
 * inline code but the one pinned line, no eval.
 */

/** The one inline script: loads the built entry module (the Vite plugin puts it in index.html). */
export const ENTRY_BOOTSTRAP =
  "const s=document.createElement('script');s.type='module';s.src='./assets/index.js';document.head.append(s)";

/** sha256 of ENTRY_BOOTSTRAP, base64 (a test recomputes it). */
export const ENTRY_BOOTSTRAP_HASH = "'sha256-e4JS9ouFkBBItxn28KKYFYFZ7RK19RtHzfAFeGCc5sQ='";

/** The connect-src of the meta tag: the web host's WebSocket on any loopback port. */
export const META_CONNECT_SRC = ['ws://127.0.0.1:*', 'ws://localhost:*'];

/**
 * The policy. A meta tag cannot carry frame-ancestors (browsers ignore it there and warn), so
 * only the header form has it; hosts narrow connect-src to what they really serve.
 */
export function rendererCsp(form: 'meta' | 'header', connectSrc: readonly string[]): string {
  const directives = [
    "default-src 'self'",
    `script-src ${ENTRY_BOOTSTRAP_HASH} 'strict-dynamic'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    ["connect-src 'self'", ...connectSrc].join(' '),
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ];
  if (form === 'header') directives.push("frame-ancestors 'none'");
  return directives.join('; ');
}
