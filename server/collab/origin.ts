import type { IncomingMessage } from 'node:http';
import type { Env } from '../env';

/**
 * Whether a websocket Origin may connect: the origin of NEXTAUTH_URL when it is set, else
 * any origin whose host equals the request's Host header (same origin), plus
 * ALLOWED_ORIGINS. A request without an Origin header is not a browser and is judged by
 * its session alone.
 */
export function isOriginAllowed(req: IncomingMessage, env: Pick<Env, 'NEXTAUTH_URL' | 'ALLOWED_ORIGINS'>): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (env.ALLOWED_ORIGINS.some((allowed) => new URL(allowed).origin === parsed.origin)) return true;
  if (env.NEXTAUTH_URL) return new URL(env.NEXTAUTH_URL).origin === parsed.origin;
  return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.host === req.headers.host;
}
