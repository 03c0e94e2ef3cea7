/**
 * Splits a filter query into terms: whitespace separates them, double quotes keep spaces inside
 * one (`proc:"Google Chrome"`), a leading `-` negates. Positions are kept so every error can
 * point at the character it is about.
 */

/** One whitespace-separated term of a query, quotes already removed. */
export interface FilterToken {
  /** True when the term started with `-`. */
  negate: boolean;
  /** The term without its `-` and without quote characters. */
  text: string;
  /** Index in the query where the term starts (at the `-` when negated). */
  start: number;
  /** Index in the query of `text`'s first character. */
  bodyStart: number;
  /** Index in `text` of the first colon outside quotes, -1 when there is none. */
  colon: number;
  /** True when the body began with a quote: the whole term is literal text, never `key:value`. */
  literal: boolean;
}

/** A tokenizer failure, with where it happened. */
export interface TokenError {
  error: string;
  at: number;
}

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/** Reads one term starting at `start` (not whitespace); returns it and the index after it. */
function readToken(query: string, start: number): { token: FilterToken; end: number } | TokenError {
  let i = start;
  const negate = query[i] === '-' && query.length > i + 1 && !isSpace(query[i + 1]);
  if (negate) i += 1;
  if (query[i] === '-' && (i + 1 >= query.length || isSpace(query[i + 1]))) {
    return { error: "'-' needs a term right after it, e.g. -state:listen", at: i };
  }
  const bodyStart = i;
  const literal = query[i] === '"';
  let text = '';
  let colon = -1;
  let quoteAt = -1;
  for (; i < query.length; i += 1) {
    const c = query[i] ?? '';
    if (quoteAt >= 0) {
      if (c === '"') quoteAt = -1;
      else text += c;
      continue;
    }
    if (isSpace(c)) break;
    if (c === '"') {
      quoteAt = i;
      continue;
    }
    if (c === ':' && colon < 0) colon = text.length;
    text += c;
  }
  if (quoteAt >= 0) return { error: 'unterminated quote: add the closing "', at: quoteAt };
  return { token: { negate, text, start, bodyStart, colon, literal }, end: i };
}

/** Splits a query into tokens, or says where it cannot (unterminated quote, dangling `-`). */
export function tokenize(query: string): FilterToken[] | TokenError {
  const tokens: FilterToken[] = [];
  let i = 0;
  while (i < query.length) {
    if (isSpace(query[i])) {
      i += 1;
      continue;
    }
    const read = readToken(query, i);
    if ('error' in read) return read;
    tokens.push(read.token);
    i = read.end;
  }
  return tokens;
}
