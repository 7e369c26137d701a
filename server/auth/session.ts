import { decode, encode, type JWT } from 'next-auth/jwt';
import type { Actor } from '@/lib/policies';
import type { Storage, UserRecord } from '@/server/storage/types';

/** next-auth's session cookie: the secure name over https, the plain one over http. */
export const SESSION_COOKIE_NAMES = ['__Secure-next-auth.session-token', 'next-auth.session-token'] as const;

/** A signed-in person as every decision sees them: read from the database each time. */
export interface SessionUser extends Actor {
  email: string;
  name: string;
  /** An admin set or reset their password: only choosing a new one (and signing out) is allowed. */
  mustChangePassword?: boolean;
  /** The interface language they chose (issue 24), or null to follow the cookie and the browser. */
  locale?: string | null;
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

/** The session cookie's name and its token, reassembled when next-auth split it into `.0`, `.1`, …. */
function sessionCookie(cookies: Record<string, string>): { name: string; token: string } | null {
  for (const name of SESSION_COOKIE_NAMES) {
    if (cookies[name]) return { name, token: cookies[name] };
    const chunks: string[] = [];
    for (let i = 0; cookies[`${name}.${i}`] !== undefined && i < 16; i++) chunks.push(cookies[`${name}.${i}`]!);
    if (chunks.length) return { name, token: chunks.join('') };
  }
  return null;
}

/** The decoded token of a Cookie header, or null when there is none or it does not verify. */
async function sessionPayload(cookieHeader: string | undefined | null, secret: string): Promise<{ name: string; payload: JWT } | null> {
  const cookie = sessionCookie(parseCookieHeader(cookieHeader));
  if (!cookie) return null;
  try {
    const payload = await decode({ token: cookie.token, secret });
    return payload ? { name: cookie.name, payload } : null;
  } catch {
    return null;
  }
}

/**
 * The user id a Cookie header's session token names, when the token verifies (no database
 * read: for logs, never for a decision — a deactivated user's token still names them).
 */
export async function sessionUserId(cookieHeader: string | undefined | null, secret: string): Promise<string | null> {
  const sub = (await sessionPayload(cookieHeader, secret))?.payload.sub;
  return typeof sub === 'string' ? sub : null;
}

/**
 * Whether a verified token still stands for its user: it names a session (`sid`, given at
 * sign-in), that session was not signed out, and it was signed in at the user's current
 * session epoch (a password change, an admin reset, a deactivation and "sign out
 * everywhere" move the epoch on, ending every session signed in before).
 */
async function sessionStands(payload: JWT, user: UserRecord, storage: Storage): Promise<boolean> {
  const epoch = typeof payload.epoch === 'number' ? payload.epoch : -1;
  if (typeof payload.sid !== 'string' || epoch < user.sessionEpoch) return false;
  return !(await storage.isSessionRevoked(payload.sid));
}

/**
 * The person as decisions see them, from their stored record. `viaSso`: this session was
 * signed in through single sign-on, so the password an admin set is not the one it used,
 * and choosing a new one is never required of it (an SSO user may have no password at all).
 */
export function toSessionUser(user: UserRecord, viaSso = false): SessionUser {
  return { id: user.id, role: user.role, email: user.email, name: user.name, mustChangePassword: user.mustChangePassword && !viaSso, locale: user.locale };
}

/**
 * How a session token says it was signed in (`via`, set by the auth options' jwt callback):
 * true only for single sign-on. A token without it counts as a password sign-in, the stricter.
 */
function signedInViaSso(payload: JWT): boolean {
  return payload.via === 'sso';
}

/**
 * The signed-in user behind a Cookie header, or null. The token only names the user and
 * the session; the role, whether the account is active and whether the session still
 * stands come from the database now, so a changed role, a deactivation or an ended session
 * counts at once. Used by the websocket upgrade and every route alike.
 */
export async function userFromCookieHeader(cookieHeader: string | undefined | null, secret: string, storage: Storage): Promise<SessionUser | null> {
  const session = await sessionPayload(cookieHeader, secret);
  const userId = session?.payload.sub;
  if (typeof userId !== 'string') return null;
  const user = await storage.findUserById(userId);
  if (!user?.active || !(await sessionStands(session!.payload, user, storage))) return null;
  return toSessionUser(user, signedInViaSso(session!.payload));
}

/** A session cookie to set: name, value and seconds left. */
export interface SessionCookie {
  name: string;
  value: string;
  maxAge: number;
}

/**
 * The same session's cookie again, carrying the user's new session epoch, with the expiry
 * it had. A password change ends every other session; this keeps the one that changed it.
 */
export async function reissueSession(cookieHeader: string | undefined | null, secret: string, epoch: number): Promise<SessionCookie | null> {
  const session = await sessionPayload(cookieHeader, secret);
  if (!session || typeof session.payload.exp !== 'number') return null;
  const maxAge = Math.floor(session.payload.exp - Date.now() / 1000);
  if (maxAge <= 0) return null;
  const { iat: _iat, exp: _exp, jti: _jti, ...claims } = session.payload; // encode sets these anew
  return { name: session.name, value: await encode({ token: { ...claims, epoch }, secret, maxAge }), maxAge };
}

/** The Set-Cookie header for a session cookie, with next-auth's attributes (Secure for the `__Secure-` name). */
export function setCookieHeader(cookie: SessionCookie): string {
  const secure = cookie.name.startsWith('__Secure-') ? '; Secure' : '';
  return `${cookie.name}=${cookie.value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${cookie.maxAge}${secure}`;
}

/** Looks a user up by id for presentation (names on documents and carets). */
export async function userName(storage: Storage, id: string | null, cache = new Map<string, string>()): Promise<string | null> {
  if (!id) return null;
  if (!cache.has(id)) cache.set(id, (await storage.findUserById(id))?.name ?? 'Former user');
  return cache.get(id)!;
}
