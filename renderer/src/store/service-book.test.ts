import { describe, expect, it } from 'vitest';
import { ServiceBook } from './service-book';

describe('ServiceBook', () => {
  it('records misses once, hands them out in batches and never asks an unnamed key again', () => {
    const book = new ServiceBook();
    for (const k of ['443/tcp', '40001/tcp', '443/tcp', '53/udp']) expect(book.lookup(k)).toBeUndefined();
    expect(book.take(2)).toEqual(['443/tcp', '40001/tcp']);
    expect(book.take(10)).toEqual(['53/udp']);
    expect(book.take(10)).toEqual([]);
    expect(book.receive({ '443/tcp': 'https' })).toBe(true);
    expect(book.lookup('443/tcp')).toBe('https');
    book.lookup('40001/tcp');
    expect(book.pending).toBe(0);
    expect(book.receive({ '443/tcp': 'https' })).toBe(false);
  });

  it('asks again for keys whose call failed', () => {
    const book = new ServiceBook();
    book.lookup('22/tcp');
    const keys = book.take(10);
    book.giveBack(keys);
    expect(book.take(10)).toEqual(['22/tcp']);
  });

  it('takes a whole table at once, making a new map so rows can tell', () => {
    const book = new ServiceBook();
    book.lookup('22/tcp');
    const before = book.known;
    book.replace(new Map([['22/tcp', 'ssh']]));
    expect(book.known).not.toBe(before);
    expect(book.pending).toBe(0);
    expect(book.lookup('22/tcp')).toBe('ssh');
  });
});
