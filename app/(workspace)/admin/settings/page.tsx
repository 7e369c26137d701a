import { notFound, redirect } from 'next/navigation';
import { LetterheadSettings } from '../../../../components/LetterheadSettings';
import { can } from '../../../../lib/policies';
import { logoSettings } from '../../../../server/commands/settings';
import { MAX_LOGO_BYTES } from '../../../../server/export/logo';
import { currentUser } from '../../../../server/next/http';
import { getServices } from '../../../../server/registry';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Settings' };

/** The organisation's settings (admins): the letterhead logo on every export. */
export default async function SettingsPage() {
  const user = await currentUser();
  if (!user) redirect('/signin?callbackUrl=/admin/settings');
  if (!can(user, 'manage_settings')) notFound();
  const logo = await logoSettings(getServices(), user);
  return (
    <main className="page">
      <h1>Settings</h1>
      <h2>Letterhead logo</h2>
      <p>Printed above the organisation’s name on every PDF, and in the page header of every DOCX.</p>
      <LetterheadSettings logo={logo} maxBytes={MAX_LOGO_BYTES} />
    </main>
  );
}
