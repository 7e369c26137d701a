import { decode } from 'next-auth/jwt';
import type { Actor } from '../../lib/policies';
import type { Storage, UserRecord } from '../storage/types';

/** next-auth's session cookie: the secure name over https, the plain one over http. */
export const SESSION_COOKIE_NAMES = ['__Secure-next-auth.session-token', 'next-auth.session-token'] as const;

/** A signed-in person as every decision sees them: read from the database each time. */
export interface SessionUser extends Actor {
  email: string;
  name: string;
}

/** Parses a Cookie header into name → value (first occurrence wins). */
export function parseCookieHeader(header: string | undefined | null): Record<string, string> {
  const cookies: Record<string, string> = {};
  if (!header) return cookies;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || name in cookies) continue;
    const raw = part.slice(eq + 1).trim();
    try {
      cookies[name] = decodeURIComponent(raw);
    } catch {
      cookies[name] = raw;
    }
  }
  return cookies;
}

/** Reassembles the session token, which next-auth splits into `.0`, `.1`, … when long. */
function sessionToken(cookies: Record<string, string>): string | null {
  for (const name of SESSION_COOKIE_NAMES) {
    if (cookies[name]) return cookies[name];
    const chunks: string[] = [];
    for (let i = 0; cookies[`${name}.${i}`] !== undefined && i < 16; i++) chunks.push(cookies[`${name}.${i}`]!);
    if (chunks.length) return chunks.join('');
  }
  return null;
}

/** The person as decisions see them, from their stored record. */
export function toSessionUser(user: UserRecord): SessionUser {
  return { id: user.id, role: user.role, email: user.email, name: user.name };
}

/**
 * The signed-in user behind a Cookie header, or null. The token only names the user; the
 * role and whether the account is active come from the database now, so a changed role or
 * a deactivation counts at once. Used by the websocket upgrade and every route alike.
 */
export async function userFromCookieHeader(
  cookieHeader: string | undefined | null,
  secret: string,
  storage: Storage,
): Promise<SessionUser | null> {
  const token = sessionToken(parseCookieHeader(cookieHeader));
  if (!token) return null;
  let payload: Awaited<ReturnType<typeof decode>>;
  try {
    payload = await decode({ token, secret });
  } catch {
    return null;
  }
  const userId = payload?.sub;
  if (typeof userId !== 'string') return null;
  const user = await storage.findUserById(userId);
  return user && user.active ? toSessionUser(user) : null;
}

/** Looks a user up by id for presentation (names on documents and carets). */
export async function userName(storage: Storage, id: string | null, cache = new Map<string, string>()): Promise<string | null> {
  if (!id) return null;
  if (!cache.has(id)) cache.set(id, (await storage.findUserById(id))?.name ?? 'Former user');
  return cache.get(id)!;
}
