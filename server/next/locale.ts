import { cookies, headers } from 'next/headers';
import { LOCALE_COOKIE, resolveLocale } from '@/lib/i18n/negotiate';
import { parseCookieHeader } from '@/server/auth/session';
import { supportedLocales } from '@/server/i18n/catalogues';
import { getServices } from '@/server/registry';
import { currentUser } from './http';

/**
 * The interface language of a request (issue 24), for pages (through i18n/request.ts) and
 * route handlers alike: the signed-in user's stored choice, else the NEXT_LOCALE cookie,
 * else Accept-Language, else English.
 */

/** The languages this process offers (the pseudo-locale only when PSEUDO_LOCALE is set, for tests). */
export function offeredLocales(): string[] {
  return supportedLocales({ pseudo: getServices().env.PSEUDO_LOCALE });
}

/** The interface language of the page being rendered. */
export async function pageLocale(): Promise<string> {
  const [user, jar, head] = await Promise.all([currentUser(), cookies(), headers()]);
  return resolveLocale({ stored: user?.locale, cookie: jar.get(LOCALE_COOKIE)?.value, acceptLanguage: head.get('accept-language') }, offeredLocales());
}

/** The interface language of an API request, whose user the route already knows (or null). */
export function requestLocale(req: Request, user: { locale?: string | null } | null): string {
  const cookie = parseCookieHeader(req.headers.get('cookie'))[LOCALE_COOKIE];
  return resolveLocale({ stored: user?.locale, cookie, acceptLanguage: req.headers.get('accept-language') }, offeredLocales());
}

/** The Set-Cookie value that keeps a language chosen before (or beside) sign-in for a year. */
export function localeCookie(locale: string): string {
  return `${LOCALE_COOKIE}=${encodeURIComponent(locale)}; Path=/; Max-Age=31536000; SameSite=Lax`;
}
