import { setOwnLocale } from '@/server/commands/locale';
import { authedRoute, json, readJson } from '@/server/next/http';
import { localeCookie } from '@/server/next/locale';

export const dynamic = 'force-dynamic';

/**
 * `{locale}`: the signed-in user's interface language (issue 24). Stored on the user, and
 * set as the NEXT_LOCALE cookie too, so the sign-in page of this browser speaks it after
 * sign-out. Allowed while a new password must be chosen: that page speaks it as well.
 */
export const PATCH = authedRoute(
  async ({ req, user, services }) => {
    const { locale } = await setOwnLocale(services, user, await readJson(req));
    const res = json({ locale });
    if (locale) res.headers.append('Set-Cookie', localeCookie(locale));
    return res;
  },
  { duringPasswordChange: true },
);
