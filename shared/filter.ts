/**
 * The filter query language of the table and the CLI: space-separated terms that must all match,
 * `key:value` terms, `-` negation, free text. Parsing is separate from matching so a query is
 * parsed once per keystroke and then tested against thousands of rows.
 *
 * Grammar (informal):
 *   query  = term { spaces term }
 *   term   = [ "-" ] ( key ":" value { "," value } | "eph" | text )
 *   key    = port | lport | rport | proc | pid | state | proto | remote | local | iana | ns | container
 *   text   = any word, or "quoted words"; matched as a substring of addresses, ports and owner name
 */
import { ipInNet, parseEndpoint, parseIpCached, type EndpointValue } from './filter-address';
import { hostMatches, looksLikeHost, parseHostPattern, type HostPattern } from './filter-host';
import { tokenize, type FilterToken } from './filter-tokens';
import {
  parsePid,
  parsePortClass,
  parsePortRange,
  parseProto,
  parseStates,
  type PidValue,
  type ProtoValue,
  type ValueResult,
} from './filter-values';
import { formatEndpoint } from './format';
import type { PortRange, Socket, SocketState } from './model';
import { containerSearchText, netnsSearchText } from './netns';
import { ownersOf } from './owners';
import { inRange, portClass, type PortClass } from './port-class';

/** One condition of a filter; which fields it reads depends on its kind. */
export type FilterTerm =
  | { kind: 'port'; side: 'any' | 'local' | 'remote'; ranges: PortRange[] }
  | { kind: 'proc'; names: string[] }
  | { kind: 'pid'; pids: PidValue[] }
  | { kind: 'state'; states: SocketState[] }
  | { kind: 'proto'; protos: ProtoValue[] }
  | { kind: 'address'; side: 'local' | 'remote'; endpoints: EndpointValue[]; hosts?: HostPattern[] }
  | { kind: 'eph' }
  | { kind: 'iana'; classes: PortClass[] }
  | { kind: 'ns'; names: string[] }
  | { kind: 'container'; names: string[] }
  | { kind: 'text'; text: string };

/** A term plus whether it is negated. */
export interface FilterClause {
  negate: boolean;
  term: FilterTerm;
}

/** A parsed query: every clause must hold. An empty filter matches every socket. */
export interface SocketFilter {
  clauses: FilterClause[];
}

/** What matching needs beyond the socket itself. */
export interface FilterContext {
  /** This machine's ephemeral range, for `eph`. */
  ephemeralRange: PortRange;
  /** The name of a remote address when one is known, for `remote:` with a host name (issue 13). */
  hostName?: (address: string) => string | null | undefined;
}

/** The outcome of parsing: a filter, or a message and the index in the query it is about. */
export type ParseFilterResult = { ok: true; filter: SocketFilter } | { ok: false; error: string; at: number };

type TermParser = (value: string) => ValueResult<FilterTerm>;

/** Parses every comma-separated item with `parse`; the first bad item fails the whole value. */
function list<T>(parse: (item: string) => ValueResult<T>, build: (items: T[]) => FilterTerm): TermParser {
  return (value) => {
    const items: T[] = [];
    for (const raw of value.split(',')) {
      if (raw === '') return { ok: false, error: `empty item in list '${value}'` };
      const parsed = parse(raw);
      if (!parsed.ok) return parsed;
      items.push(parsed.value);
    }
    return { ok: true, value: build(items) };
  };
}

const ports = (side: 'any' | 'local' | 'remote'): TermParser =>
  list(parsePortRange, (ranges) => ({ kind: 'port', side, ranges }));
const addresses = (side: 'local' | 'remote'): TermParser =>
  list(parseEndpoint, (endpoints) => ({ kind: 'address', side, endpoints }));
const procName = (item: string): ValueResult<string> => ({ ok: true, value: item.toLowerCase() });

/** `remote:` takes addresses and host names (`*.github.com`); a name is matched through ctx.hostName. */
type RemoteItem = { ip: EndpointValue } | { host: HostPattern };
const remoteItem = (item: string): ValueResult<RemoteItem> => {
  const ip = parseEndpoint(item);
  if (ip.ok) return { ok: true, value: { ip: ip.value } };
  if (!looksLikeHost(item)) return ip;
  const host = parseHostPattern(item);
  return host.ok ? { ok: true, value: { host: host.value } } : host;
};
const remoteAddresses: TermParser = list(remoteItem, (items) => ({
  kind: 'address',
  side: 'remote',
  endpoints: items.flatMap((i) => ('ip' in i ? [i.ip] : [])),
  hosts: items.flatMap((i) => ('host' in i ? [i.host] : [])),
}));

const KEYS: Record<string, TermParser> = {
  port: ports('any'),
  lport: ports('local'),
  rport: ports('remote'),
  proc: list(procName, (names) => ({ kind: 'proc', names })),
  pid: list(parsePid, (pids) => ({ kind: 'pid', pids })),
  state: list(parseStates, (groups) => ({ kind: 'state', states: groups.flat() })),
  proto: list(parseProto, (protos) => ({ kind: 'proto', protos })),
  remote: remoteAddresses,
  local: addresses('local'),
  iana: list(parsePortClass, (classes) => ({ kind: 'iana', classes })),
  ns: list(procName, (names) => ({ kind: 'ns', names })),
  container: list(procName, (names) => ({ kind: 'container', names })),
};

/** Other spellings people bring from ss and lsof. */
const KEY_ALIASES: Record<string, string> = { process: 'proc', sport: 'lport', dport: 'rport' };

/** The keys the language knows, for help text and error messages. */
export const FILTER_KEYS: readonly string[] = Object.keys(KEYS);

type TermResult = { ok: true; term: FilterTerm } | { ok: false; error: string; at: number };

function parseKeyed(token: FilterToken): TermResult | null {
  const key = token.text.slice(0, token.colon).toLowerCase();
  const value = token.text.slice(token.colon + 1);
  const valueAt = token.bodyStart + token.colon + 1;
  const parser = KEYS[KEY_ALIASES[key] ?? key];
  if (!parser) {
    // `10.0.0.5:443` and `fe80::1` are free text; a word before a colon is a key the user mistyped.
    if (!/^[a-z][a-z_-]*$/i.test(key) || value.includes(':')) return null;
    return { ok: false, error: `unknown key '${key}' (known: ${FILTER_KEYS.join(', ')}, eph)`, at: token.bodyStart };
  }
  if (value === '') return { ok: false, error: `empty value for '${key}:'`, at: valueAt };
  const parsed = parser(value);
  return parsed.ok ? { ok: true, term: parsed.value } : { ok: false, error: parsed.error, at: valueAt };
}

function parseTerm(token: FilterToken): TermResult {
  if (!token.literal && token.colon > 0) {
    const keyed = parseKeyed(token);
    if (keyed) return keyed;
  }
  if (!token.literal && token.text.toLowerCase() === 'eph') return { ok: true, term: { kind: 'eph' } };
  if (token.text === '') return { ok: false, error: 'empty quotes: put text between them', at: token.bodyStart };
  return { ok: true, term: { kind: 'text', text: token.text.toLowerCase() } };
}

/** Parses a query; never throws. An empty or blank query is a filter that matches everything. */
export function parseFilter(text: string): ParseFilterResult {
  const tokens = tokenize(text);
  if (!Array.isArray(tokens)) return { ok: false, error: tokens.error, at: tokens.at };
  const clauses: FilterClause[] = [];
  for (const token of tokens) {
    const parsed = parseTerm(token);
    if (!parsed.ok) return parsed;
    clauses.push({ negate: token.negate, term: parsed.term });
  }
  return { ok: true, filter: { clauses } };
}

const inAny = (port: number, ranges: readonly PortRange[]): boolean => ranges.some((r) => inRange(port, r));

function addressMatches(address: string, port: number, endpoints: readonly EndpointValue[]): boolean {
  const bytes = parseIpCached(address);
  if (!bytes) return false;
  return endpoints.some((e) => ipInNet(bytes, e.net) && (e.ports === null || inRange(port, e.ports)));
}

function searchText(s: Socket): string {
  const local = formatEndpoint(s.localAddress, s.localPort);
  const remote = formatEndpoint(s.remoteAddress, s.remotePort);
  return `${local} ${remote} ${s.owner?.name ?? ''}`.toLowerCase();
}

function termMatches(term: FilterTerm, s: Socket, ctx: FilterContext): boolean {
  switch (term.kind) {
    case 'port':
      return (
        (term.side !== 'remote' && inAny(s.localPort, term.ranges)) ||
        (term.side !== 'local' && inAny(s.remotePort, term.ranges))
      );
    case 'proc':
      return ownersOf(s).some((o) => {
        const name = o.name.toLowerCase();
        return term.names.some((n) => name.includes(n));
      });
    case 'pid':
      return term.pids.some((p) => (p === 'none' ? s.owner === null : ownersOf(s).some((o) => o.pid === p)));
    case 'state':
      return term.states.includes(s.state);
    case 'proto':
      return term.protos.some((p) => p.proto === s.proto && (p.family === null || p.family === s.family));
    case 'address':
      return term.side === 'local'
        ? addressMatches(s.localAddress, s.localPort, term.endpoints)
        : addressMatches(s.remoteAddress, s.remotePort, term.endpoints) ||
            (term.hosts ?? []).some((h) => hostMatches(ctx.hostName?.(s.remoteAddress), s.remotePort, h));
    case 'eph':
      return inRange(s.localPort, ctx.ephemeralRange);
    case 'iana':
      return term.classes.includes(portClass(s.localPort));
    case 'ns': {
      const text = netnsSearchText(s);
      return term.names.some((n) => text.includes(n));
    }
    case 'container': {
      const text = containerSearchText(s);
      return text !== null && term.names.some((n) => text.includes(n));
    }
    case 'text':
      return searchText(s).includes(term.text);
  }
}

/** True when the socket satisfies every clause of the filter. */
export function matchSocket(filter: SocketFilter, socket: Socket, ctx: FilterContext): boolean {
  for (const clause of filter.clauses) {
    if (termMatches(clause.term, socket, ctx) === clause.negate) return false;
  }
  return true;
}
