/**
 * A contract client for Node-side tests: speaks the web host's envelope over a real `ws`
 * socket with the Bearer token, so tests ask the running service questions (status, churn)
 * and watch raw events, independently of the UI under test.
 */
import { WebSocket } from 'ws';
import { ServerMessageSchema } from '../../shared/web-protocol';
import type { ServerMessage } from '../../shared/web-protocol';

/** An open test connection. */
export interface WsCaller {
  /** Sends a raw text frame (for malformed-input tests). */
  sendRaw: (text: string) => void;
  /** Calls a method by name; resolves with the result message, ok or not. */
  call: (method: string, request: unknown) => Promise<Extract<ServerMessage, { t: 'result' }>>;
  /** Every message received so far, parsed. */
  received: ServerMessage[];
  /** Resolves with the first received message (from now on) that matches. */
  next: (match: (m: ServerMessage) => boolean, timeoutMs?: number) => Promise<ServerMessage>;
  socket: WebSocket;
  close: () => void;
}

/** Opens ws://127.0.0.1:port/ws with the token as a Bearer header (and any extra headers, e.g. Origin). */
export function openCaller(port: number, token: string, headers: Record<string, string> = {}): Promise<WsCaller> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers: { ...headers, Authorization: `Bearer ${token}` } });
  const received: ServerMessage[] = [];
  const waiters = new Set<(m: ServerMessage) => void>();
  let nextId = 1;
  ws.on('message', (data) => {
    const message = ServerMessageSchema.parse(JSON.parse(data.toString()));
    received.push(message);
    for (const waiter of [...waiters]) waiter(message);
  });
  const next = (match: (m: ServerMessage) => boolean, timeoutMs = 10_000): Promise<ServerMessage> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error(`no matching message within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter = (m: ServerMessage): void => {
        if (!match(m)) return;
        clearTimeout(timer);
        waiters.delete(waiter);
        resolve(m);
      };
      waiters.add(waiter);
    });
  const call: WsCaller['call'] = async (method, request) => {
    const id = nextId++;
    const answer = next((m) => m.t === 'result' && m.id === id, 30_000);
    ws.send(JSON.stringify({ t: 'call', id, method, request }));
    return (await answer) as Extract<ServerMessage, { t: 'result' }>;
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ sendRaw: (text) => ws.send(text), call, received, next, socket: ws, close: () => ws.close() }));
    ws.once('error', reject);
  });
}
