/**
 * Parsers for the values of the filter's keys (ports, pids, states, protocols, IANA classes).
 * Each returns the parsed value or a message that names the problem in the user's words.
 */
import { SOCKET_STATES, type Family, type PortRange, type Proto, type SocketState } from './model';
import type { PortClass } from './port-class';

/** A parsed value, or a message explaining why the text is not one. */
export type ValueResult<T> = { ok: true; value: T } | { ok: false; error: string };

const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });

/** Parses `N` or `N-M` (inclusive) as ports 0-65535. */
export function parsePortRange(text: string): ValueResult<PortRange> {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!m) return fail(`'${text}' is not a port number or range like 60000-61000`);
  const low = Number(m[1]);
  const high = m[2] === undefined ? low : Number(m[2]);
  for (const p of [low, high]) if (p > 65535) return fail(`port ${p} is out of range 0-65535`);
  if (low > high) return fail(`range ${low}-${high} is backwards: write ${high}-${low}`);
  return { ok: true, value: { low, high } };
}

/** A pid to match, or `none` for rows whose owner is unknown. */
export type PidValue = number | 'none';

/** Parses a pid (a positive integer) or `none`/`?` for unknown owners. */
export function parsePid(text: string): ValueResult<PidValue> {
  const lower = text.toLowerCase();
  if (lower === 'none' || lower === '?') return { ok: true, value: 'none' };
  if (!/^\d+$/.test(text)) return fail(`'${text}' is not a pid (a positive whole number, or 'none')`);
  const pid = Number(text);
  if (pid < 1 || !Number.isSafeInteger(pid)) return fail(`pid ${text} is not a valid process id`);
  return { ok: true, value: pid };
}

const squash = (s: string): string => s.toLowerCase().replace(/[-_\s]/g, '');

const STATE_ALIASES: Record<string, readonly SocketState[]> = {
  estab: ['ESTABLISHED'],
  tw: ['TIME_WAIT'],
  cw: ['CLOSE_WAIT'],
  syn: ['SYN_SENT', 'SYN_RECV', 'NEW_SYN_RECV'],
  fin: ['FIN_WAIT1', 'FIN_WAIT2'],
  listening: ['LISTEN'],
  unconnected: ['UNCONN'],
  closed: ['CLOSE'],
};

/**
 * Resolves a state word: an exact name first (`close` is CLOSE, not CLOSE_WAIT), then an alias
 * (`tw`, `cw`, `syn`), then every state the word is a prefix of (`estab`, `fin`).
 */
export function parseStates(text: string): ValueResult<SocketState[]> {
  const word = squash(text);
  const exact = SOCKET_STATES.find((s) => squash(s) === word);
  if (exact) return { ok: true, value: [exact] };
  const alias = STATE_ALIASES[word];
  if (alias) return { ok: true, value: [...alias] };
  const prefixed = word === '' ? [] : SOCKET_STATES.filter((s) => squash(s).startsWith(word));
  if (prefixed.length > 0) return { ok: true, value: prefixed };
  return fail(`unknown state '${text}' (try estab, listen, tw, close-wait, syn, fin, unconn)`);
}

/** A protocol to match, optionally narrowed to one address family (`tcp6`). */
export interface ProtoValue {
  proto: Proto;
  family: Family | null;
}

/** Parses tcp, udp, tcp4, tcp6, udp4 or udp6. */
export function parseProto(text: string): ValueResult<ProtoValue> {
  const m = /^(tcp|udp)([46])?$/i.exec(text);
  if (!m) return fail(`unknown protocol '${text}' (use tcp or udp, optionally with 4 or 6)`);
  const proto = (m[1] ?? '').toLowerCase() === 'udp' ? 'udp' : 'tcp';
  const family = m[2] === '4' ? 4 : m[2] === '6' ? 6 : null;
  return { ok: true, value: { proto, family } };
}

const CLASS_NAMES: readonly PortClass[] = ['well-known', 'registered', 'dynamic'];
const CLASS_ALIASES: Record<string, PortClass> = { wk: 'well-known', private: 'dynamic' };

/** Parses an IANA port class by name, prefix (`dyn`, `reg`, `well`) or alias (`wk`, `private`). */
export function parsePortClass(text: string): ValueResult<PortClass> {
  const word = squash(text);
  const found = CLASS_ALIASES[word] ?? (word === '' ? undefined : CLASS_NAMES.find((c) => squash(c).startsWith(word)));
  if (found) return { ok: true, value: found };
  return fail(`unknown IANA class '${text}' (use well-known, registered or dynamic)`);
}
