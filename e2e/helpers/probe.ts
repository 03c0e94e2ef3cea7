/**
 * Raw HTTP and WebSocket probes with headers chosen by the test (a foreign Host or Origin, no
 * token, a traversal path), so the host's refusals are checked on the wire, not assumed.
 */
import http from 'node:http';
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { WebSocket } from 'ws';

/** What came back. */
export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One request to 127.0.0.1:port with exactly these headers (Host included when given). */
export function request(port: number, path: string, headers: OutgoingHttpHeaders = {}, method = 'GET', body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`no answer to ${method} ${path}`)));
    req.end(body);
  });
}

/** How a WebSocket attempt ended: refused with a status, or opened (and what it then received). */
export type WsAttempt = { refused: number; body: string } | { opened: true; messages: string[] };

/** Tries to open ws://127.0.0.1:port/ws with these headers; an opened socket listens briefly, then closes. */
export function tryWebSocket(port: number, headers: Record<string, string>, listenMs = 300): Promise<WsAttempt> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers });
    const messages: string[] = [];
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ refused: res.statusCode ?? 0, body }));
      res.on('error', () => resolve({ refused: res.statusCode ?? 0, body }));
    });
    ws.on('message', (data) => messages.push(data.toString()));
    ws.on('open', () => setTimeout(() => {
      ws.close();
      resolve({ opened: true, messages });
    }, listenMs));
    ws.on('error', (err) => {
      if (ws.readyState !== WebSocket.CLOSED) reject(err);
    });
  });
}
