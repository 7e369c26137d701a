import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Env } from '@/server/env';
import { AppError, type ErrorCode } from '@/server/errors';
import { applySecurityHeaders } from './headers';
import { isApiReadAllowed, isStateChangeAllowed } from './origin';

/** JSON and sign-in bodies are small: 1 MB is far above any real one. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Multipart uploads, whose routes read the body themselves within their own limit (server/next/body.ts). */
const UPLOAD_PATHS = new Set(['/api/documents/import', '/api/settings/logo']);

/**
 * What every HTTP request passes before Next sees it, in the one process that serves them
 * all (pages, API, next-auth, server actions): the security headers with this response's
 * CSP nonce; the Origin rule for state-changing requests (cross-site request forgery);
 * fetch-metadata isolation of the API; and a body-size limit checked on the declared
 * length, before a byte is read. A body without a declared length is refused outside the
 * upload routes, since no browser sends one and the readers behind would have to count.
 * Returns false when it has answered the request itself (403, 411, 413).
 */
export function admitRequest(req: IncomingMessage, res: ServerResponse, env: Pick<Env, 'NEXTAUTH_URL' | 'ALLOWED_ORIGINS'>, dev: boolean): boolean {
  const https = req.headers['x-forwarded-proto'] === 'https' || (env.NEXTAUTH_URL ?? '').startsWith('https://');
  applySecurityHeaders(req, res, { dev, https });
  const path = (req.url ?? '/').split('?')[0]!;
  if (!isStateChangeAllowed(req, env)) return refuse(res, 'bad_origin', 'This request came from a page that is not Communiqué, so it was refused.');
  // Public verification is readable by fetch from any site: it needs no session, changes
  // nothing and answers only what the public newsroom already shows.
  const publicRead = path.startsWith('/api/verify/') && (req.method === 'GET' || req.method === 'HEAD');
  if (path.startsWith('/api/') && !publicRead && !isApiReadAllowed(req))
    return refuse(res, 'bad_origin', 'This request came from a page that is not Communiqué, so it was refused.');
  if (UPLOAD_PATHS.has(path)) return true;
  const declared = req.headers['content-length'];
  if (declared !== undefined) {
    if (!/^\d+$/.test(declared)) return refuse(res, 'bad_request', 'The Content-Length header is not a number.');
    if (Number(declared) > MAX_BODY_BYTES) return refuse(res, 'too_large', `The request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB.`);
  } else if (req.headers['transfer-encoding'] !== undefined) {
    return refuse(res, 'length_required', 'Send the request body with a Content-Length header.');
  }
  return true;
}

function refuse(res: ServerResponse, code: ErrorCode, message: string): false {
  const error = new AppError(code, message);
  res.writeHead(error.status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'close' });
  res.end(JSON.stringify(error.toJSON()));
  return false;
}
