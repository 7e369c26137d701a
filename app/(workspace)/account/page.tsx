import { titled } from '@/i18n/metadata';
import { redirect } from 'next/navigation';
import { ChangePasswordForm } from '@/components/ChangePasswordForm';
import { MailSettings } from '@/components/MailSettings';
import { SignOutEverywhereButton } from '@/components/SignOutEverywhereButton';
import { getTranslations } from 'next-intl/server';
import { LanguagePicker } from '@/components/LanguagePicker';
import { languageChoices } from '@/server/i18n/catalogues';
import { offeredLocales } from '@/server/next/locale';
import { mailSettings } from '@/server/commands/mail';
import { organisation } from '@/server/commands/organisation';
import { currentUser } from '@/server/next/http';
import { getServices } from '@/server/registry';

export const dynamic = 'force-dynamic';
export const generateMetadata = titled('Account');

export default async function AccountPage() {
  const user = await currentUser();
  if (!user) redirect('/signin?callbackUrl=/account');
  const services = getServices();
  const { storage, env } = services;
  // A person invited to sign in with single sign-on has no password here to change.
  const [stored, mail, org] = await Promise.all([storage.findUserById(user.id), mailSettings(services, user), organisation(services)]);
  const hasPassword = Boolean(stored?.passwordHash);
  const t = await getTranslations('Account');
  const roles = await getTranslations('roles');
  return (
    <main className="page narrow">
      <h1>{t('title')}</h1>
      <p>
        <span translate="no">
          {user.name} · {user.email}
        </span>{' '}
        · <span className="role">{roles(user.role)}</span>
      </p>
      {hasPassword ? (
        <>
          <h2>{t('changePassword')}</h2>
          <ChangePasswordForm email={user.email} />
        </>
      ) : (
        <>
          <h2>{t('signingIn')}</h2>
          <p>{t('sso', { sso: env.OIDC_NAME })}</p>
        </>
      )}
      <h2>{t('language')}</h2>
      <p className="hint">{t('languageHint')}</p>
      <LanguagePicker choices={languageChoices(offeredLocales())} signedIn className="account-language" />
      <h2>{t('mail')}</h2>
      <MailSettings mode={mail.mode} digestHour={mail.digestHour} enabled={mail.enabled} timeZone={org.timeZone} />
      <h2>{t('sessions')}</h2>
      <SignOutEverywhereButton />
    </main>
  );
}
