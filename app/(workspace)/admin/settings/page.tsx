import { notFound, redirect } from 'next/navigation';
import { EndorsementSettings } from '@/components/EndorsementSettings';
import { LetterheadSettings } from '@/components/LetterheadSettings';
import { OrganisationSettings } from '@/components/OrganisationSettings';
import { UndeliveredMail } from '@/components/UndeliveredMail';
import { undeliveredMails } from '@/server/commands/mail';
import { can } from '@/lib/policies';
import { endorsementSettings } from '@/server/commands/endorsements';
import { MAX_ORG_NAME, organisationSettings } from '@/server/commands/organisation';
import { logoSettings } from '@/server/commands/settings';
import { MAX_LOGO_BYTES } from '@/server/export/logo';
import { currentUser } from '@/server/next/http';
import { getServices } from '@/server/registry';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Settings' };

/**
 * The organisation's settings (admins): its name and time zone, the letterhead logo on every
 * export, which kinds need a reviewer's "Reviewed" before approval, and mail that could not
 * be delivered.
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
  return (
    <main className="page">
      <h1>Settings</h1>
      <h2>Organisation</h2>
      <p>The name heads every export, this app and the newsroom; every time is shown in the time zone.</p>
      <OrganisationSettings name={org.name} timeZone={org.timeZone} maxName={MAX_ORG_NAME} />
      <h2>Letterhead logo</h2>
      <p>Printed above the organisation’s name on every PDF, and in the page header of every DOCX.</p>
      <LetterheadSettings logo={logo} maxBytes={MAX_LOGO_BYTES} />
      <h2>Reviewed before approval</h2>
      <p>For the kinds you tick, an approver can approve only after a reviewer has marked the submitted text “Reviewed”.</p>
      <EndorsementSettings requiredFor={endorsement.requiredFor} />
      <h2>Undelivered mail</h2>
      <p>
        {services.env.SMTP_URL
          ? 'Mails the mail server refused every time, or refused for good, with what it said. Fix the cause (an address, the server), then send them again.'
          : 'No mail is sent: set SMTP_URL (and MAIL_FROM) to send mail.'}
      </p>
      <UndeliveredMail mails={undelivered.mails} />
    </main>
  );
}
