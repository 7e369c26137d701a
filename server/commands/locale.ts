import { z } from 'zod';
import type { SessionUser } from '@/server/auth/session';
import { AppError } from '@/server/errors';
import { supportedLocales } from '@/server/i18n/catalogues';
import type { Services } from '@/server/registry';
import { parseBody } from './guard';

const localeSchema = z.object({ locale: z.string().max(35).nullable() }).strict();

/**
 * `{locale}`: the signed-in user's interface language, stored on them so it follows them to
 * any browser (issue 24); null forgets it (the cookie and the browser decide again). Only
 * a language with a catalogue is accepted (422 otherwise, naming the ones there are). Not
 * audited: a preference, not an access (the audit log records who may do what).
 */
export async function setOwnLocale(services: Services, actor: SessionUser, body: unknown): Promise<{ locale: string | null }> {
  const { locale } = parseBody(localeSchema, body);
  const supported = supportedLocales({ pseudo: services.env.PSEUDO_LOCALE });
  if (locale !== null && !supported.includes(locale)) {
    const list = supported.join(', ');
    throw new AppError('unprocessable', `Choose one of the interface languages: ${list}.`, {
      ref: { key: 'errors.unsupportedLocale', values: { supported: list } },
    });
  }
  const updated = await services.storage.updateUser(actor.id, { locale });
  return { locale: updated.locale };
}
