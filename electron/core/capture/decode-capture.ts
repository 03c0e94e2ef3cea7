/**
 * Turns a capture's bytes into text, telling the encoding from the bytes: a BOM (UTF-8, UTF-16LE,
 * UTF-16BE), UTF-16LE without one (every other byte zero), valid UTF-8, else the Windows console's
 * OEM code pages 437, 850 and 866 or ANSI 1252, the one whose text reads as netstat's own words.
 * UTF-8 text that is OEM bytes once read as CP1252 (`ABH™REN` for ABHÖREN) is repaired the same way.
 */
import { CP1252_HIGH, CP437_HIGH, CP850_HIGH, decodeWithTable } from './oem-code-pages';

/** Text and how it was read. */
export interface DecodedCapture {
  text: string;
  /** 'utf-8', 'utf-16le', 'cp850', 'cp866 shown as cp1252 (repaired)', ... */
  encoding: string;
}

type Page = 'cp437' | 'cp850' | 'cp866' | 'cp1252';
const PAGES: readonly Page[] = ['cp850', 'cp437', 'cp866', 'cp1252'];

/** Words netstat prints in the languages whose consoles use these pages (headers and states). */
const KNOWN_WORDS = /ABHÖREN|Aktive Verbindungen|Lokale Adresse|Remoteadresse|État|Adresse locale|Adresse distante|propriétaire|Активные|подключения|Локальный|Внешний|Состояние|Имя|Dirección|Conexiones|Endereço|Conexões|Estado|Połączenia|Włączone/g;
/** Characters that are noise in a socket table: box drawing, blocks, C1 controls, replacement. */
const NOISE = /[\u2500-\u259f\u0080-\u009f\ufffd\u2320-\u2321\u207f\u00b2■]/g;

function decodePage(bytes: Uint8Array, page: Page): string {
  if (page === 'cp437') return decodeWithTable(bytes, CP437_HIGH);
  if (page === 'cp850') return decodeWithTable(bytes, CP850_HIGH);
  if (page === 'cp1252') return decodeWithTable(bytes, CP1252_HIGH);
  return new TextDecoder('ibm866').decode(bytes);
}

/** How much a decoding reads like netstat: known words count much, noise characters against. */
function score(text: string): number {
  const words = text.match(KNOWN_WORDS)?.length ?? 0;
  const noise = text.match(NOISE)?.length ?? 0;
  return words * 20 - noise;
}

function hasHighBytes(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return true;
  return false;
}

/** The best OEM/ANSI reading of non-UTF-8 bytes; CP850 wins ties (it is also CP437's text there). */
function bestPage(bytes: Uint8Array): { page: Page; text: string; score: number } {
  let best = { page: PAGES[0]!, text: decodePage(bytes, PAGES[0]!), score: -Infinity };
  for (const page of PAGES) {
    const text = page === best.page ? best.text : decodePage(bytes, page);
    const s = score(text);
    if (s > best.score) best = { page, text, score: s };
  }
  return best;
}

/** UTF-16LE without a BOM: most odd bytes are zero and the even ones are not. */
function looksUtf16le(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 8) return false;
  let zeroOdd = 0;
  let zeroEven = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i + 1] === 0) zeroOdd++;
    if (bytes[i] === 0) zeroEven++;
  }
  return zeroOdd > n / 2 * 0.6 && zeroEven < n / 2 * 0.1;
}

const CP1252_BYTE = new Map(Array.from(CP1252_HIGH).map((c, i) => [c, i + 0x80] as const));

/** The CP1252 bytes of text, or null when a character has none (so it is no CP1252 misreading). */
function cp1252Bytes(text: string): Uint8Array | null {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const b = code < 0x80 ? code : CP1252_BYTE.get(text[i]!);
    if (b === undefined) return null;
    out[i] = b;
  }
  return out;
}

/** Repairs OEM text that was read as CP1252 and saved as UTF-8, when the repair reads better. */
function repairMojibake(text: string): DecodedCapture {
  if (!/[\u0080-\u00ff\u0152-\u2122]/.test(text)) return { text, encoding: 'utf-8' };
  const bytes = cp1252Bytes(text);
  if (bytes === null) return { text, encoding: 'utf-8' };
  const best = bestPage(bytes);
  if (best.page === 'cp1252' || best.score <= score(text)) return { text, encoding: 'utf-8' };
  return { text: best.text, encoding: `${best.page} shown as cp1252 (repaired)` };
}

/** Decodes a capture's bytes, naming the encoding it found. */
export function decodeCapture(bytes: Uint8Array): DecodedCapture {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8 (BOM)' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  if (looksUtf16le(bytes)) return { text: new TextDecoder('utf-16le').decode(bytes), encoding: 'utf-16le (no BOM)' };
  if (!hasHighBytes(bytes)) return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'ascii' };
  try {
    return repairMojibake(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    const best = bestPage(bytes);
    return { text: best.text, encoding: best.page };
  }
}

/** Repairs pasted text the same way (it has no bytes of its own): 'text', or the repair it made. */
export function decodePastedText(text: string): DecodedCapture {
  const repaired = repairMojibake(text);
  return repaired.encoding === 'utf-8' ? { text, encoding: 'text' } : repaired;
}
