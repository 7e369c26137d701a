import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sessionUserId } from '@/server/auth/session';
import type { Logger } from '@/server/log';

/** The header that carries a request's id: from the proxy in front (when trusted), else made here. */
export const REQUEST_ID_HEADER = 'x-request-id';
const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Gives a request its id: the one a trusted proxy sent in X-Request-Id (TRUST_PROXY), else a
 * new UUID. It is set on the request (for Next's route handlers) and on the response, so a
 * user's report and the log meet.
 */
export function assignRequestId(req: IncomingMessage, res: ServerResponse | null, trustProxy: boolean): string {
  const given = req.headers[REQUEST_ID_HEADER];
  const id = trustProxy && typeof given === 'string' && SAFE_ID.test(given) ? given : newRequestId();
  req.headers[REQUEST_ID_HEADER] = id;
  res?.setHeader('X-Request-Id', id);
  return id;
}

/**
 * A new UUID as one flat string. Node's randomUUID() joins its hex pieces into a rope of
 * about 14 string nodes (≈ 450 bytes), and a socket keeps its request id for its lifetime.
 */
function newRequestId(): string {
  return Buffer.from(randomUUID(), 'latin1').toString('latin1');
}

/** The document a path is about (`/documents/<id>…`, `/api/documents/<id>…`, `/collab/<id>`), or null. */
export function documentIdOf(pathname: string): string | null {
  const match = /^\/(?:api\/documents|documents|collab)\/([A-Za-z0-9_-]{1,64})(?:[/?]|$)/.exec(pathname);
  const id = match?.[1] ?? null;
  return id === 'import' || id === 'presence' ? null : id;
}

/** What is known of a request once it is answered (http-metrics.ts countRequest). */
export interface AnsweredRequest {
  requestId: string;
  route: string;
  status: number;
  seconds: number;
}

/**
 * Logs one JSON line for an answered request (`request`, at info): its id, method, route
 * template, status, duration, and the user and document it concerned. The user id is read
 * from the session cookie (no database read); static files get no line.
 */
export function logRequest(req: IncomingMessage, answered: AnsweredRequest, log: Logger, secret: string): void {
  const path = (req.url ?? '/').split('?')[0]!;
  if (path.startsWith('/_next/static/')) return;
  const { requestId, route, status, seconds } = answered;
  const fields = { requestId, method: req.method, route, status, ms: Math.round(seconds * 10_000) / 10, doc: documentIdOf(path) ?? undefined };
  void sessionUserId(req.headers.cookie, secret).then(
    (user) => log.info('request', { ...fields, user: user ?? undefined }),
    () => log.info('request', fields),
  );
}
