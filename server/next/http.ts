import { cookies } from 'next/headers';
import { notFound } from 'next/navigation';
import { NextResponse, type NextRequest } from 'next/server';
import { userFromCookieHeader, type SessionUser } from '../auth/session';
import { MALFORMED_JSON } from '../commands/guard';
import { AppError, isAppError } from '../errors';
import { createLogger } from '../log';
import { getServices, type Services } from '../registry';

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
 * logged with their cause and answered with a sentence, never a stack.
 */
export function authedRoute<P extends Record<string, string>>(handler: (ctx: RouteContext<P>) => Promise<Response>) {
  return async (req: NextRequest, context: { params: Promise<P> }): Promise<Response> => {
    try {
      const services = getServices();
      const user = await userFromCookieHeader(req.headers.get('cookie'), services.secret, services.storage);
      if (!user) throw new AppError('unauthenticated');
      return await handler({ req, user, services, params: await context.params });
    } catch (err) {
      return errorResponse(err);
    }
  };
}

export function errorResponse(err: unknown): Response {
  if (isAppError(err)) return NextResponse.json(err.toJSON(), { status: err.status });
  log.error('unhandled error in a route', { err });
  const internal = new AppError('internal');
  return NextResponse.json(internal.toJSON(), { status: internal.status });
}

/** The parsed JSON body, or MALFORMED_JSON so the command can answer 400 in its turn. */
export async function readJson(req: NextRequest): Promise<unknown> {
  const text = await req.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return MALFORMED_JSON;
  }
}

export function json(data: unknown, status = 200): Response {
  return NextResponse.json(data, { status, headers: { 'Cache-Control': 'no-store' } });
}

/** A downloaded file (an export): its bytes, type and a file name safe in any browser. */
export function fileResponse(file: { bytes: Uint8Array; filename: string; contentType: string }): Response {
  return new Response(new Blob([file.bytes as Uint8Array<ArrayBuffer>]), {
    status: 200,
    headers: {
      'Content-Type': file.contentType,
      'Content-Disposition': `attachment; filename="${file.filename}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
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
