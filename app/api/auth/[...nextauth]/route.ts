import NextAuth from 'next-auth';
import type { NextRequest } from 'next/server';
import { authOptions } from '@/server/next/auth';
import { throttledSignIn } from '@/server/next/sign-in';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ nextauth: string[] }> };

/**
 * next-auth's routes (sign-in, sign-out, CSRF, session), with options built per request.
 * A password sign-in goes through the throttle first (429 after too many failures).
 */
async function handler(req: NextRequest, context: Context): Promise<Response> {
  const run = (request: NextRequest) => NextAuth(request, context, authOptions()) as Promise<Response>;
  const [action, provider] = (await context.params).nextauth;
  if (req.method === 'POST' && action === 'callback' && provider === 'credentials') return throttledSignIn(req, run);
  return run(req);
}

export { handler as GET, handler as POST };
