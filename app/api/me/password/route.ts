import { reissueSession, setCookieHeader } from '@/server/auth/session';
import { changeOwnPassword } from '@/server/commands/users';
import { authedRoute, json, readJson } from '@/server/next/http';

export const dynamic = 'force-dynamic';

/**
 * `{current, next}`: changes the signed-in user's own password. Every other session ends;
 * this one gets its cookie again at the new session epoch, so it stays signed in.
 */
export const PUT = authedRoute(
  async ({ req, user, services }) => {
    const { sessionEpoch } = await changeOwnPassword(services, user, await readJson(req));
    const res = json({ ok: true });
    const cookie = await reissueSession(req.headers.get('cookie'), services.secret, sessionEpoch);
    if (cookie) res.headers.append('Set-Cookie', setCookieHeader(cookie));
    return res;
  },
  { duringPasswordChange: true },
);
