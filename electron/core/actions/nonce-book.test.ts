import { describe, expect, it } from 'vitest';
import { createNonceBook, nonceRefusal } from './nonce-book';

describe('nonce book', () => {
  it('admits each target of a nonce once, within its time, and says why otherwise', () => {
    let t = 1000;
    const book = createNonceBook({ now: () => t, ttlMs: 100 });
    const { nonce, expiresAt } = book.issue(['p:1:2', 'p:3:4']);
    expect(nonce).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(expiresAt).toBe(1100);
    expect(book.consume(nonce, 'p:1:2')).toBe('ok');
    expect(book.consume(nonce, 'p:1:2')).toBe('used');
    expect(book.consume(nonce, 'p:9:9')).toBe('other-target');
    expect(book.consume('x'.repeat(24), 'p:3:4')).toBe('unknown');
    t = 1101;
    expect(book.consume(nonce, 'p:3:4')).toBe('expired');
    expect(nonceRefusal('expired')).toMatch(/expired; preview the action again/);
  });

  it('keeps at most `limit` nonces, dropping the oldest', () => {
    const book = createNonceBook({ limit: 2 });
    const first = book.issue(['a']).nonce;
    book.issue(['b']);
    book.issue(['c']);
    expect(book.consume(first, 'a')).toBe('unknown');
  });
});
