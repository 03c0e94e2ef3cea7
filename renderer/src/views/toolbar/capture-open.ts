/**
 * How the window opens a capture (issue 12): a file's bytes, dropped or chosen, or pasted text,
 * sent to the service's parseCapture (the renderer parses nothing). A file past 8 MB is refused
 * here with its size, before a byte of it is read.
 */
import type { Capture } from '../../../../shared/capture';
import { CAPTURE_MAX_BYTES } from '../../../../shared/capture';
import type { ServiceCall } from '../../store/connect-store';
import { bytesToBase64 } from '../../lib/base64';

const MB = 1024 * 1024;

/** The refusal for a file past the cap, in words a person can act on. */
export function tooBigText(name: string, size: number): string {
  return `${name} is ${(size / MB).toFixed(1)} MB; Ephemera opens captures of at most ${CAPTURE_MAX_BYTES / MB} MB (cut it with grep or head first)`;
}

/** Reads a chosen or dropped file through the service. */
export async function openCaptureFile(call: ServiceCall, file: File): Promise<Capture> {
  if (file.size > CAPTURE_MAX_BYTES) throw new Error(tooBigText(file.name, file.size));
  const bytes = new Uint8Array(await file.arrayBuffer());
  return call('parseCapture', { base64: bytesToBase64(bytes), name: file.name });
}

/** Reads pasted text through the service (as UTF-8 bytes, so the size on the wire is bounded). */
export async function openPastedCapture(call: ServiceCall, text: string): Promise<Capture> {
  const bytes = new TextEncoder().encode(text);
  if (bytes.length > CAPTURE_MAX_BYTES) throw new Error(tooBigText('the pasted text', bytes.length));
  return call('parseCapture', { base64: bytesToBase64(bytes), name: 'pasted text' });
}
