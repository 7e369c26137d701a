import { NextRequest } from 'next/server';
import { admitSignIn, clientAddress, signInFinished } from '@/server/auth/throttle';
import { SESSION_COOKIE_NAMES } from '@/server/auth/session';
import { AppError, isAppError } from '@/server/errors';
import { MAX_BODY_BYTES } from '@/server/edge/gate';
import { getServices } from '@/server/registry';
import { readBytesWithin } from './body';

/** The email a sign-in body names, read as next-auth reads it (form or JSON). */
function emailOf(contentType: string, body: string): string {
  if (contentType.includes('application/json')) {
    try {
      const parsed = JSON.parse(body) as { email?: unknown } | null;
      return typeof parsed?.email === 'string' ? parsed.email : '';
    } catch {
      return '';
    }
  }
  return contentType.includes('application/x-www-form-urlencoded') ? (new URLSearchParams(body).get('email') ?? '') : '';
}

/** Whether next-auth's answer signed someone in: it sets a session cookie with a value. */
function signedIn(res: Response): boolean {
  return res.headers.getSetCookie().some((c) => SESSION_COOKIE_NAMES.some((name) => c.startsWith(`${name}=`) && !c.startsWith(`${name}=;`)));
}

function tooMany(req: NextRequest, retryAfterSeconds: number, reason: 'failures' | 'busy'): Response {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  const message =
    reason === 'failures'
      ? `Too many failed sign-ins for this account or from this network. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`
      : 'Too many sign-ins are being checked for this account or from this network right now. Try again in a few seconds.';
  const url = new URL('/signin', req.nextUrl.origin);
  url.searchParams.set('error', 'TooManyAttempts');
  url.searchParams.set('retryAfter', String(retryAfterSeconds));
  // `url` as next-auth's own JSON answers have it, for its client; `error` as every other API answer.
  return Response.json(
    { url: url.toString(), ...new AppError('too_many_requests', message).toJSON() },
    { status: 429, headers: { 'Retry-After': String(retryAfterSeconds), 'Cache-Control': 'no-store' } },
  );
}

/**
 * The credentials sign-in (POST /api/auth/callback/credentials) behind the throttle: refused
 * with 429 and Retry-After when the account or the client address has its limit of failed
 * attempts, else next-auth checks the password while the attempt holds a checking slot;
 * only a failure is counted (see ../auth/throttle.ts).
 */
export async function throttledSignIn(req: NextRequest, signIn: (req: NextRequest) => Promise<Response>): Promise<Response> {
  const { storage, env, metrics } = getServices();
  let body: string;
  try {
    body = (await readBytesWithin(req, MAX_BODY_BYTES, 'The sign-in request is too large.'))?.toString('utf8') ?? '';
  } catch (err) {
    if (isAppError(err)) return Response.json(err.toJSON(), { status: err.status });
    throw err;
  }
  const email = emailOf(req.headers.get('content-type') ?? '', body);
  const admission = await admitSignIn(storage, email, clientAddress(req.headers, env.TRUST_PROXY));
  if (!admission.admitted) {
    metrics?.signInThrottled();
    return tooMany(req, admission.retryAfterSeconds, admission.reason);
  }
  let outcome: 'succeeded' | 'failed' | 'error' = 'error';
  try {
    const res = await signIn(new NextRequest(req.url, { method: req.method, headers: req.headers, body }));
    outcome = signedIn(res) ? 'succeeded' : 'failed';
    if (outcome === 'failed') metrics?.signInFailed();
    return res;
  } finally {
    await signInFinished(storage, admission.keys, outcome);
  }
}
