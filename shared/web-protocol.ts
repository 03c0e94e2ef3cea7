/**
 * The web host's WebSocket envelope: how contract calls, results and events travel between
 * the headless host (electron/web) and the renderer's client (renderer/src/api). The payloads
 * inside are the contract's own schemas; this file only names the wrapper, so both ends parse
 * the same shape and no method or event name is written here.
 */
import { z } from 'zod';
import { CAPTURE_MAX_BASE64 } from './capture';

/** The one path the host upgrades to a WebSocket. */
export const WS_PATH = '/ws';

/** Largest message either side accepts from the other as a call (bytes). */
export const MAX_CALL_BYTES = 64 * 1024;
// issue 12: captures
/** Largest parseCapture call (a file's 8 MB in base64 plus the envelope); every other call keeps MAX_CALL_BYTES. */
export const MAX_CAPTURE_CALL_BYTES = CAPTURE_MAX_BASE64 + MAX_CALL_BYTES;

const CallIdSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** A call from the client; `method` is checked against the contract separately so an unknown name gets an answer. */
export const ClientMessageSchema = z
  .object({
    t: z.literal('call'),
    id: CallIdSchema,
    method: z.string().min(1).max(64),
    request: z.unknown(),
  })
  .strict();
/** A call from the client. */
export type ClientMessage = z.infer<typeof ClientMessageSchema>;

const ResultOkSchema = z.object({
  t: z.literal('result'),
  id: CallIdSchema,
  ok: z.literal(true),
  response: z.unknown(),
});

const ResultErrorSchema = z.object({
  t: z.literal('result'),
  /** Null when the call was too malformed to carry an id. */
  id: CallIdSchema.nullable(),
  ok: z.literal(false),
  error: z.string(),
});

const EventMessageSchema = z.object({
  t: z.literal('event'),
  event: z.string(),
  payload: z.unknown(),
});

/**
 * Sent instead of deltas when the client fell behind (its send buffer passed the host's cap):
 * deltas were dropped, so the client must call `subscribe` again for a fresh snapshot.
 */
const ResyncSchema = z.object({
  t: z.literal('resync'),
  reason: z.string(),
});

/** Everything the host sends. */
export const ServerMessageSchema = z.union([ResultOkSchema, ResultErrorSchema, EventMessageSchema, ResyncSchema]);
/** Everything the host sends. */
export type ServerMessage = z.infer<typeof ServerMessageSchema>;
