import { notFound, redirect } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { titled } from '@/i18n/metadata';
import { EndorsementSettings } from '@/components/EndorsementSettings';
import { LetterheadSettings } from '@/components/LetterheadSettings';
import { OrganisationSettings } from '@/components/OrganisationSettings';
import { UndeliveredMail } from '@/components/UndeliveredMail';
import { undeliveredMails } from '@/server/commands/mail';
import { can } from '@/lib/policies';
import { dateLocale, formatInZone } from '@/lib/text/dates';
import { endorsementSettings } from '@/server/commands/endorsements';
import { MAX_ORG_NAME, organisationSettings } from '@/server/commands/organisation';
import { logoSettings } from '@/server/commands/settings';
import { MAX_LOGO_BYTES } from '@/server/export/logo';
import { currentUser } from '@/server/next/http';
import { getServices } from '@/server/registry';

export const dynamic = 'force-dynamic';
export const generateMetadata = titled('Settings');

/**
 * The organisation's settings (admins): its name and time zone, the letterhead logo on every
 * export, which kinds need a reviewer's "Reviewed" before approval, and mail that could not
 * be delivered. Words: `Settings`.
 */
export default async function SettingsPage() {
  const user = await currentUser();
  if (!user) redirect('/signin?callbackUrl=/admin/settings');
  if (!can(user, 'manage_settings')) notFound();
  const services = getServices();
  const [logo, org, endorsement, undelivered] = await Promise.all([
    logoSettings(services, user),
    organisationSettings(services, user),
    endorsementSettings(services, user),
    undeliveredMails(services, user),
  ]);
  const t = await getTranslations('Settings');
  const locale = await getLocale();
  return (
    <main className="page">
      <h1>{t('title')}</h1>
      <h2>{t('organisation')}</h2>
      <p>{t('organisationHint')}</p>
      <OrganisationSettings name={org.name} timeZone={org.timeZone} maxName={MAX_ORG_NAME} />
      <h2>{t('logo')}</h2>
      <p>{t('logoHint')}</p>
      <LetterheadSettings logo={logo} setAt={logo && formatInZone(logo.updatedAt, org.timeZone, dateLocale(locale))} maxBytes={MAX_LOGO_BYTES} />
      <h2>{t('reviewed')}</h2>
      <p>{t('reviewedHint')}</p>
      <EndorsementSettings requiredFor={endorsement.requiredFor} />
      <h2>{t('undelivered')}</h2>
      <p>{t(services.env.SMTP_URL ? 'undeliveredHint' : 'mailOff')}</p>
      <UndeliveredMail mails={undelivered.mails} />
    </main>
  );
}
