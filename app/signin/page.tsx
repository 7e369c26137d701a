import { titled } from '@/i18n/metadata';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { LanguagePicker } from '@/components/LanguagePicker';
import { SignInForm } from '@/components/SignInForm';
import { languageChoices } from '@/server/i18n/catalogues';
import { offeredLocales } from '@/server/next/locale';
import { returnPath } from '@/lib/text/return-path';
import { currentUser } from '@/server/next/http';
import { getServices } from '@/server/registry';
import { organisation } from '@/server/commands/organisation';

export const dynamic = 'force-dynamic';
export const generateMetadata = titled('SignIn');

/** next-auth's error codes (?error=…) that have their own sentence (`SignIn.errors.<code>`); any other gets `fallback`. */
const ERRORS: ReadonlySet<string> = new Set([
  'CredentialsSignin',
  'SessionRequired',
  'OAuthSignin',
  'OAuthCallback',
  'OAuthAccountNotLinked',
  'SsoNoEmail',
  'SsoEmailNotVerified',
  'AccessDenied',
  'Callback',
  'TooManyAttempts',
]);

/** The sign-in page: the organisation's name, what the app is for, the form, and a small language choice (this browser's cookie). */
export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const { callbackUrl, error } = await searchParams;
  const next = returnPath(callbackUrl);
  if (await currentUser()) redirect(next);
  const { env } = getServices();
  const org = await organisation(getServices());
  const sso = env.OIDC_ISSUER ? env.OIDC_NAME : null;
  const t = await getTranslations('SignIn');
  return (
    <div className="signin">
      <section className="signin-intro" aria-labelledby="org-name">
        <p className="signin-org" id="org-name" translate="no">
          {org.name}
        </p>
        <p className="signin-tagline">{t('tagline')}</p>
        <ul className="signin-points">
          <li>{t('point1')}</li>
          <li>{t('point2')}</li>
          <li>{t('point3')}</li>
        </ul>
      </section>
      <main className="signin-main">
        <div className="signin-language">
          <LanguagePicker choices={languageChoices(offeredLocales())} signedIn={false} />
        </div>
        <div className="signin-card">
          <h1>{t('heading')}</h1>
          <p className="hint">{sso ? t('hintSso', { sso }) : t('hint')}</p>
          <SignInForm next={next} sso={sso} initialError={error ? t(`errors.${ERRORS.has(error) ? error : 'fallback'}`) : null} timeZone={org.timeZone} />
        </div>
        <p className="signin-foot">
          {t('forgot', { org: org.name })} <a href="/newsroom">{t('newsroom')}</a> {t('newsroomAfter')}
        </p>
      </main>
    </div>
  );
}
