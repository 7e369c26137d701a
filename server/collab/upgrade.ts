import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { userFromCookieHeader } from '@/server/auth/session';
import { isOriginAllowed } from '@/server/edge/origin';
import type { Env } from '@/server/env';
import { AppError, CLOSE, ERRORS, isAppError } from '@/server/errors';
import type { Logger } from '@/server/log';
import type { Storage } from '@/server/storage/types';
import { Connection } from './connection';
import type { CollabCounters } from './counters';
import { judge } from './judge';
import type { LiveDocument } from './live-document';

export const COLLAB_PATH = '/collab/';

interface UpgradeOptions {
  env: Env;
  storage: Storage;
  log: Logger;
  secret: string;
  /** The live document, loaded once however many connections ask at the same time. */
  open(documentId: string): Promise<LiveDocument>;
  /** Whether `doc` is still the instance in memory (it may have left while the upgrade was judged). */
  isCurrent(doc: LiveDocument): boolean;
  /** Messages received and frames refused are counted here (/metrics). */
  counters: CollabCounters;
}

/**
 * The `onUpgrade` point: every upgrade is judged before a byte of the document is sent (401
 * signed out, 403 foreign Origin, 404 unknown or invisible document), then its socket becomes
 * a Connection of the live document.
 */
export class Upgrades {
  private readonly wss: WebSocketServer;
  /** Cleared when the process is stopping: upgrades are answered 503 (clients try again elsewhere). */
  private accepting = true;

  constructor(private readonly options: UpgradeOptions) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.env.MAX_MESSAGE_BYTES, perMessageDeflate: false });
  }

  /** Judges an upgrade and, when allowed, hands the socket to the document. */
  async handle(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    try {
      if (!this.accepting) throw new AppError('unavailable', 'The server is restarting. Try again in a moment.');
      const { user, documentId, writable, suggestOnly, readOnlyAsked } = await this.authorize(req);
      const doc = await this.options.open(documentId);
      if (socket.destroyed) return;
      // Only the id is kept: a closure over `req` would hold the request and its headers for
      // as long as the socket lives (the socket's error listener shares this scope).
      const requestId = requestIdOf(req);
      this.wss.handleUpgrade(req, socket, head, (ws) =>
        this.accept(requestId, ws, doc, new Connection(ws, socket, user, writable && !doc.frozen, suggestOnly, readOnlyAsked)),
      );
    } catch (err) {
      const error = isAppError(err) ? err : new AppError('unavailable', 'The document could not be opened. Try again in a moment.');
      if (!isAppError(err)) this.options.log.error('upgrade failed', { requestId: requestIdOf(req), url: req.url, err });
      refuse(socket, error);
    }
  }

  private async authorize(req: IncomingMessage) {
    const { env, storage, secret } = this.options;
    const user = await userFromCookieHeader(req.headers.cookie, secret, storage);
    if (!user) throw new AppError('unauthenticated');
    if (!isOriginAllowed(req, env)) throw new AppError('bad_origin');
    if (user.mustChangePassword) throw new AppError('password_change_required');
    const documentId = parseDocumentId(req.url ?? '');
    const readOnlyAsked = asksToRead(req.url ?? '');
    const record = documentId ? await storage.findDocument(documentId) : null;
    const { visible, writable, suggestOnly } = judge(user, record, false, asksToSuggest(req.url ?? ''), readOnlyAsked);
    if (!visible || !documentId) throw new AppError('not_found');
    return { user, documentId, writable, suggestOnly, readOnlyAsked };
  }

  private accept(requestId: string | undefined, ws: WebSocket, doc: LiveDocument, conn: Connection): void {
    if (!this.options.isCurrent(doc) || doc.failed) {
      // The document left memory (or failed) while this upgrade was being judged: the
      // client reconnects and gets the current instance.
      ws.close(CLOSE.serviceRestart, 'document reloaded; reconnect');
      return;
    }
    const { log, counters } = this.options;
    // Every line about this socket names its request, user and document (request-log.ts sets the id).
    const who = { requestId, user: conn.user.id, doc: doc.id };
    log.info('socket opened', { ...who, writable: conn.writable, suggestOnly: conn.suggestOnly });
    ws.binaryType = 'nodebuffer';
    ws.on('pong', () => (conn.alive = true));
    ws.on('message', (data, isBinary) => {
      if (!isBinary) {
        counters.refusal('malformed');
        conn.close(CLOSE.malformed, 'binary messages only');
        return;
      }
      const message = toUint8Array(data as Buffer);
      counters.message(message);
      try {
        doc.handleMessage(conn, message);
      } catch (err) {
        counters.refusal('malformed');
        log.warn('malformed message; closing that connection', { ...who, err: String(err) });
        conn.close(CLOSE.malformed, 'malformed message');
      }
    });
    ws.on('error', (err) => {
      // ws closes a frame over maxPayload with 1009 and reports it here.
      if ((err as { code?: string }).code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') counters.refusal('too_large');
      log.warn('socket error', { ...who, err: String(err) });
    });
    ws.on('close', (code) => {
      log.info('socket closed', { ...who, code });
      doc.removeConnection(conn);
    });
    doc.addConnection(conn);
  }

  /** From now on, upgrades are refused with 503 (the process is stopping). */
  stopAccepting(): void {
    this.accepting = false;
  }

  /** Stops accepting sockets. */
  close(): void {
    this.wss.close();
  }
}

function requestIdOf(req: IncomingMessage): string | undefined {
  const id = req.headers['x-request-id'];
  return typeof id === 'string' ? id : undefined;
}

/** Whether the client opened the socket asking to suggest only (`?suggest=1`, issue 21). */
export function asksToSuggest(url: string): boolean {
  const query = url.split('?')[1];
  return query !== undefined && new URLSearchParams(query).get('suggest') === '1';
}

/**
 * Whether the client opened the socket asking to read only (`?read=1`): the master's column
 * of the side-by-side view (issue 23). Its updates are dropped like any read-only socket's.
 */
export function asksToRead(url: string): boolean {
  const query = url.split('?')[1];
  return query !== undefined && new URLSearchParams(query).get('read') === '1';
}

/** `/collab/<documentId>[?…]` → the id, or null when the path is not one document. */
export function parseDocumentId(url: string): string | null {
  const path = url.split('?')[0]!.slice(COLLAB_PATH.length);
  if (!path || path.includes('/')) return null;
  try {
    const id = decodeURIComponent(path);
    return /^[A-Za-z0-9_-]{1,64}$/.test(id) ? id : null;
  } catch {
    return null;
  }
}

function toUint8Array(data: Buffer | ArrayBuffer | Buffer[]): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  return data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** Answers a refused upgrade with a plain HTTP response: status and `{error}` only. */
function refuse(socket: Duplex, error: AppError): void {
  if (socket.destroyed) return;
  const body = JSON.stringify(error.toJSON());
  const status = ERRORS[error.code].status;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

const STATUS_TEXT: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};
