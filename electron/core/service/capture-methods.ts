/**
 * The service's capture methods (issue 12): parseCapture reads pasted text or a file's bytes with
 * the same reader as the CLI's `parse`, so the window never parses anything itself. A host with a
 * file picker (the desktop app) replaces openCaptureFile; here it says there is none.
 */
import type { z } from 'zod';
import { methods } from '../../../shared/contract';
import type { PortApi } from '../../../shared/contract';
import { readCapture } from '../capture/read-capture';

/** The request checked against the contract, naming the first problem in words. */
function checked(request: unknown): z.infer<typeof methods.parseCapture.request> {
  const r = methods.parseCapture.request.safeParse(request);
  if (!r.success) throw new Error(`invalid parseCapture request: ${r.error.issues[0]?.message ?? 'invalid'}`);
  return r.data;
}

/** parseCapture and openCaptureFile as the port service answers them. */
export function captureMethods(): Pick<PortApi, 'parseCapture' | 'openCaptureFile'> {
  return {
    async parseCapture(request) {
      const { text, base64, name, from } = checked(request);
      const input = base64 !== undefined ? { bytes: Buffer.from(base64, 'base64') } : { text: text ?? '' };
      const read = readCapture(input, name ?? 'pasted text', from ?? 'auto');
      if (!read.ok) throw new Error(read.error);
      return read.capture;
    },
    async openCaptureFile() {
      throw new Error('this host has no file picker: choose the file in the page (Open capture…) or drop it on the window');
    },
  };
}
