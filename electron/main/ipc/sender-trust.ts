/**
 * Decides whether an IPC message may reach the port service, from plain facts about the sender:
 * only a top-level frame showing our own app origin is trusted. An iframe, a page that navigated
 * elsewhere or a frame already gone is refused, whatever it sends.
 */

/** The part of an IpcMainInvokeEvent the check reads; plain objects satisfy it in tests. */
export interface SenderLike {
  senderFrame: { url: string; parent: unknown } | null;
}

/** Trusted, or why not (in words fit for a log line). */
export type TrustVerdict = { ok: true } | { ok: false; reason: string };

/** Checks the sender frame: present, top-level (parent === null) and on an app URL. */
export function checkSender(event: SenderLike, isAppUrl: (url: string) => boolean): TrustVerdict {
  const frame = event.senderFrame;
  if (!frame) return { ok: false, reason: 'the sending frame is gone' };
  if (frame.parent !== null) return { ok: false, reason: `sent from a sub-frame (${describeUrl(frame.url)})` };
  if (!isAppUrl(frame.url)) return { ok: false, reason: `sent from a foreign page (${describeUrl(frame.url)})` };
  return { ok: true };
}

/** A URL shortened to origin + path for logs: no query strings or fragments with data in them. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const origin = parsed.origin === 'null' ? `${parsed.protocol}//${parsed.host}` : parsed.origin;
    return `${origin}${parsed.pathname}`.slice(0, 120);
  } catch {
    return url === '' ? '(empty URL)' : '(unparsable URL)';
  }
}

/**
 * Logs each distinct refusal once: a misbehaving page retrying in a loop must not flood the log,
 * but the first time is always said. Returns a function taking a dedupe key and a message.
 */
export function createRefusalLog(log: (message: string) => void, limit = 100): (key: string, message: string) => void {
  const seen = new Set<string>();
  return (key, message) => {
    if (seen.has(key)) return;
    if (seen.size >= limit) return;
    seen.add(key);
    log(message);
  };
}
