/**
 * Answers app:// requests from out/renderer: GET and HEAD only, our host only, files confined
 * to the renderer folder (the web host's confined reader), every answer carrying the CSP header.
 * Returns plain data; the glue wraps it in a Response, so this is tested on real files.
 */
import { readStatic } from '../../web/static-files';
import { APP_HOST, APP_SCHEME } from './app-origin';
import { appResponseHeaders } from './csp';

/** What the protocol handler sends. */
export interface AppResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array | null;
}

const plain = (status: number): AppResponse => ({
  status,
  headers: appResponseHeaders('text/plain; charset=utf-8'),
  body: null,
});

/** Resolves one request against the renderer folder. */
export async function appProtocolResponse(request: { url: string; method: string }, rendererDir: string): Promise<AppResponse> {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return plain(400);
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return plain(404);
  if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405);
  const file = await readStatic(rendererDir, url.pathname);
  if (!file.ok) return plain(file.status);
  return { status: 200, headers: appResponseHeaders(file.mime), body: request.method === 'HEAD' ? null : file.body };
}
