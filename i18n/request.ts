import { getRequestConfig } from 'next-intl/server';
import { organisation } from '@/server/commands/organisation';
import { compiledMessagesFor } from '@/server/i18n/catalogues';
import { pageLocale } from '@/server/next/locale';
import { getServices } from '@/server/registry';

/**
 * next-intl's configuration for one request, without locale routing (URLs carry no
 * language): the locale comes from the user, the cookie or Accept-Language
 * (server/next/locale.ts), the messages from messages/<locale>.json (compiled), and times are the
 * organisation's, as everywhere in Communiqué.
 */
export default getRequestConfig(async () => {
  const locale = await pageLocale();
  const { timeZone } = await organisation(getServices());
  return { locale, messages: compiledMessagesFor(locale), timeZone };
});
