import { getTranslations } from 'next-intl/server';
import { titled } from '@/i18n/metadata';
import { redirect } from 'next/navigation';
import { ChangePasswordForm } from '@/components/ChangePasswordForm';
import { SignOutButton } from '@/components/SignOutButton';
import { currentUser } from '@/server/next/http';

export const dynamic = 'force-dynamic';
export const generateMetadata = titled('ChoosePassword');

/**
 * The first page after signing in with a password an admin set or reset: nothing else opens
 * (the workspace redirects here, the API answers `password_change_required`) until the
 * person has chosen their own.
 */
export default async function ChoosePasswordPage() {
  const user = await currentUser();
  if (!user) redirect('/signin');
  if (!user.mustChangePassword) redirect('/documents');
  const t = await getTranslations('ChoosePassword');
  return (
    <main className="page narrow" id="content">
      <h1>{t('title')}</h1>
      <p>{t.rich('welcome', { name: () => <span translate="no">{user.name}</span> })}</p>
      <ChangePasswordForm email={user.email} then="/documents" />
      <p>
        <SignOutButton label={t('signOut')} />
      </p>
    </main>
  );
}
