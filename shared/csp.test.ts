import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ENTRY_BOOTSTRAP, ENTRY_BOOTSTRAP_HASH, rendererCsp } from './csp';

describe('renderer CSP', () => {
  it('pins exactly the bootstrap text by its sha256', () => {
    const digest = createHash('sha256').update(ENTRY_BOOTSTRAP, 'utf8').digest('base64');
    expect(ENTRY_BOOTSTRAP_HASH).toBe(`'sha256-${digest}'`);
  });

  it('keeps frame-ancestors out of the meta form and in the header form', () => {
    expect(rendererCsp('meta', [])).not.toContain('frame-ancestors');
    expect(rendererCsp('header', [])).toContain("frame-ancestors 'none'");
  });

  it('names only the given sockets beside self, and never a wildcard host, eval or self scripts', () => {
    const policy = rendererCsp('header', ['ws://127.0.0.1:4000']);
    expect(policy).toContain("connect-src 'self' ws://127.0.0.1:4000;");
    expect(policy).not.toMatch(/unsafe-eval|script-src[^;]*'self'|(^|\s)\*(\s|;|$)/);
  });
});
