import { cookies } from 'next/headers';
import { notFound } from 'next/navigation';
import { NextResponse, type NextRequest } from 'next/server';
import { userFromCookieHeader, type SessionUser } from '@/server/auth/session';
import { MALFORMED_JSON, NOT_JSON } from '@/server/commands/guard';
import { MAX_BODY_BYTES } from '@/server/edge/gate';
import { DEFAULT_LOCALE } from '@/lib/i18n/negotiate';
import { AppError, isAppError } from '@/server/errors';
import { translate } from '@/server/i18n/catalogues';
import { createLogger } from '@/server/log';
import { getServices, type Services } from '@/server/registry';
import { readBytesWithin } from './body';
import { requestLocale } from './locale';
import { refOf, sentence } from '@/lib/i18n/sentence';

const log = createLogger();

/** The signed-in user of the current server-component render, or null. */
export async function currentUser(): Promise<SessionUser | null> {
  const services = getServices();
  const header = (await cookies())
    .getAll()
    .map((c) => `${c.name}=${encodeURIComponent(c.value)}`)
    .join('; ');
  return userFromCookieHeader(header, services.secret, services.storage);
}

interface RouteContext<P> {
  req: NextRequest;
  user: SessionUser;
  services: Services;
  params: P;
}

/**
 * Wraps a route handler: resolves the signed-in user (401 when there is none), and turns
 * every thrown error into `{error: {code, message}}` with its status. Unknown errors are
 * logged with their cause and answered with a sentence, never a stack. Someone whose
 * password an admin set or reset gets 403 `password_change_required` from every route but
 * the few marked `duringPasswordChange` (choosing the new password, signing out).
 */
export function authedRoute<P extends Record<string, string>>(
  handler: (ctx: RouteContext<P>) => Promise<Response>,
  options: { duringPasswordChange?: boolean } = {},
) {
  return async (req: NextRequest, context: { params: Promise<P> }): Promise<Response> => {
    let user: SessionUser | null = null;
    let params: P | undefined;
    try {
      const services = getServices();
      user = await userFromCookieHeader(req.headers.get('cookie'), services.secret, services.storage);
      if (!user) throw new AppError('unauthenticated');
      if (user.mustChangePassword && !options.duringPasswordChange) throw new AppError('password_change_required');
      params = await context.params;
      return await handler({ req, user, services, params });
    } catch (err) {
      return errorResponse(err, { requestId: req.headers.get('x-request-id') ?? undefined, user: user?.id, doc: params?.id }, localeOf(req, user));
    }
  };
}

/**
 * A sentence a command wrote (in English, through `sentence`) in the reader's language: for
 * what a route answers besides errors, such as an import's notes.
 */
export function inReaderLanguage(text: string, req: Request, user: SessionUser | null): string {
  const ref = refOf(text);
  return (ref && translate(localeOf(req, user), ref)) ?? text;
}

/** The reader's language, never failing: an error answer must not fail in its turn. */
function localeOf(req: Request, user: SessionUser | null): string {
  try {
    return requestLocale(req, user);
  } catch {
    return DEFAULT_LOCALE;
  }
}

/**
 * The answer to an error: an AppError's own status and sentence; anything else is logged
 * (with the request id, user and document when known) and answered 500 with a sentence.
 * The code stays; the sentence is in the reader's `locale` when it is in the catalogues
 * (the AppError's `ref`), else as the command wrote it.
 */
export function errorResponse(err: unknown, about: { requestId?: string; user?: string; doc?: string } = {}, locale: string = DEFAULT_LOCALE): Response {
  const error = isAppError(err) ? err : new AppError('internal');
  if (!isAppError(err)) log.error('unhandled error in a route', { ...about, err });
  const message = (error.ref && translate(locale, error.ref)) ?? error.message;
  return NextResponse.json({ error: { code: error.code, message } }, { status: error.status });
}

/**
 * The parsed JSON body, read within MAX_BODY_BYTES (413 past it, before it is all in
 * memory). A body that is not declared `application/json` is NOT_JSON and one that does not
 * parse is MALFORMED_JSON, so the command answers 415 or 400 in its turn, after 404 and 403.
 * Requiring the JSON type also means no HTML form can send it: forms post only
 * url-encoded, multipart or text/plain bodies.
 */
export async function readJson(req: NextRequest): Promise<unknown> {
  const bytes = await readBytesWithin(req, MAX_BODY_BYTES, sentence('commandErrors.body.tooLarge', { mb: MAX_BODY_BYTES / 1024 / 1024 }));
  const type = (req.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') return NOT_JSON;
  try {
    return JSON.parse(bytes ? bytes.toString('utf8') : '') as unknown;
  } catch {
    return MALFORMED_JSON;
  }
}

export function json(data: unknown, status = 200): Response {
  return NextResponse.json(data, { status, headers: { 'Cache-Control': 'no-store' } });
}

/**
 * The origin people reach this app at, for links printed where no browser resolves them
 * (an export's verification URL, the feed): NEXTAUTH_URL's origin when it is set, else the
 * scheme and Host the request came with (the scheme a proxy in front named, else http).
 */
export function publicOrigin(req: Request, env: { NEXTAUTH_URL?: string | undefined }): string {
  if (env.NEXTAUTH_URL) return new URL(env.NEXTAUTH_URL).origin;
  const host = req.headers.get('host') ?? '';
  const proto = req.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() === 'https' ? 'https' : 'http';
  try {
    if (/^[A-Za-z0-9.\-:[\]]+$/.test(host)) return new URL(`${proto}://${host}`).origin;
  } catch {
    // not a host name: fall through
  }
  return new URL(req.url).origin;
}

/**
 * A downloaded file (an export): its bytes, type and file name, as RFC 6266 gives it: an
 * ASCII `filename` every browser reads, and with `unicodeFilename`, `filename*` in UTF-8
 * that current browsers prefer.
 */
export function fileResponse(file: { bytes: Uint8Array; filename: string; unicodeFilename?: string; contentType: string }): Response {
  return new Response(new Blob([file.bytes as Uint8Array<ArrayBuffer>]), {
    status: 200,
    headers: {
      'Content-Type': file.contentType,
      'Content-Disposition': contentDisposition(file.filename, file.unicodeFilename),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

/** `attachment; filename="<ascii>"; filename*=UTF-8''<percent-encoded>` (RFC 6266, RFC 8187). */
export function contentDisposition(asciiName: string, unicodeName?: string): string {
  const ascii = asciiName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  if (unicodeName === undefined || unicodeName === asciiName) return `attachment; filename="${ascii}"`;
  const encoded = encodeURIComponent(unicodeName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * Runs a page's read of something that may not exist for this user, and shows Next's 404
 * page when it does not (unknown or not visible: the same answer, no hint).
 */
export async function orNotFound<T>(read: Promise<T>): Promise<T> {
  try {
    return await read;
  } catch (err) {
    if (isAppError(err) && err.code === 'not_found') notFound();
    throw err;
  }
}
