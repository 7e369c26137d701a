import NextAuth from 'next-auth';
import type { NextRequest } from 'next/server';
import { authOptions } from '../../../../server/next/auth';

export const dynamic = 'force-dynamic';

/** next-auth's routes (sign-in, sign-out, CSRF, session), with options built per request. */
async function handler(req: NextRequest, context: { params: Promise<{ nextauth: string[] }> }): Promise<Response> {
  return NextAuth(req, context, authOptions()) as Promise<Response>;
}

export { handler as GET, handler as POST };
