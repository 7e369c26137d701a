import type { IncomingMessage } from 'node:http';
import type { Env } from '@/server/env';

type OriginSettings = Pick<Env, 'NEXTAUTH_URL' | 'ALLOWED_ORIGINS'>;

/**
 * Whether a browser Origin is ours: the origin of NEXTAUTH_URL when it is set, else any
 * origin whose host equals the request's Host header (same origin), plus ALLOWED_ORIGINS.
 * A request without an Origin header is not a browser and is judged by its session alone.
 * The websocket upgrade and every state-changing HTTP request are judged by this one rule.
 */
export function isOriginAllowed(req: IncomingMessage, env: OriginSettings): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  let parsed: URL;
  try {
    parsed = new URL(origin); // "null" (a sandboxed frame, a data: URL) does not parse: refused
  } catch {
    return false;
  }
  if (env.ALLOWED_ORIGINS.some((allowed) => new URL(allowed).origin === parsed.origin)) return true;
  if (env.NEXTAUTH_URL) return new URL(env.NEXTAUTH_URL).origin === parsed.origin;
  return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.host === req.headers.host;
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Cross-site request forgery: a state-changing request (POST, PUT, PATCH, DELETE; server
 * actions and next-auth's sign-in are POSTs too) must come from one of our origins. With an
 * Origin header it is judged by isOriginAllowed; without one, a browser still says where it
 * comes from in Sec-Fetch-Site, and only `same-origin` or `none` (typed by the user) pass —
 * `same-site` is refused, since a sibling host or port is another origin. A request with
 * neither header is not from a browser and is judged by its session alone.
 */
export function isStateChangeAllowed(req: IncomingMessage, env: OriginSettings): boolean {
  if (!STATE_CHANGING.has(req.method ?? 'GET')) return true;
  if (req.headers.origin !== undefined) return isOriginAllowed(req, env);
  const site = req.headers['sec-fetch-site'];
  return site === undefined || site === 'same-origin' || site === 'none';
}

/**
 * Fetch-metadata resource isolation for the API: another site (or a sibling origin of the
 * same site) may not make a signed-in browser read or trigger API GETs through `<img>`,
 * `<script>` or fetch (an export appends to the audit log). A top-level navigation (a link
 * to an export in a mail) still works, as does any client that sends no Sec-Fetch-Site.
 */
export function isApiReadAllowed(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== 'cross-site' && site !== 'same-site') return true;
  return req.headers['sec-fetch-mode'] === 'navigate' && (req.method === 'GET' || req.method === 'HEAD');
}
