import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/SignInForm';
import { returnPath } from '@/lib/text/return-path';
import { currentUser } from '@/server/next/http';
import { getServices } from '@/server/registry';
import { organisation } from '@/server/commands/organisation';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Sign in' };

/** next-auth's error codes (?error=…) as sentences that say what to do. */
const ERRORS: Record<string, string> = {
  CredentialsSignin: 'That email and password do not match an active account. Check them and try again.',
  SessionRequired: 'Sign in to open that page.',
  OAuthSignin: 'Single sign-on could not start. Try again, or sign in with your email and password.',
  OAuthCallback: 'Single sign-on did not finish. Try again, or sign in with your email and password.',
  OAuthAccountNotLinked: 'That single sign-on identity has no Communiqué account. Ask an administrator to add your email.',
  SsoNoEmail: 'Your single sign-on provider did not give Communiqué your email address. Ask your administrator to let it share your email.',
  SsoEmailNotVerified: 'Your single sign-on provider says your email address is not verified. Verify it there, then try again.',
  AccessDenied: 'Your account cannot sign in. Ask an administrator to check it.',
  Callback: 'Sign-in did not finish. Try again.',
  TooManyAttempts: 'Too many failed sign-ins for this account or from this network. Wait 15 minutes, then try again.',
};
const FALLBACK_ERROR = 'Sign-in failed. Check your email and password and try again.';

/** The sign-in page: the organisation's name, what the app is for, and the form. */
export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const { callbackUrl, error } = await searchParams;
  const next = returnPath(callbackUrl);
  if (await currentUser()) redirect(next);
  const { env } = getServices();
  const org = await organisation(getServices());
  const sso = env.OIDC_ISSUER ? env.OIDC_NAME : null;
  return (
    <div className="signin">
      <section className="signin-intro" aria-labelledby="org-name">
        <p className="signin-org" id="org-name">
          {org.name}
        </p>
        <p className="signin-tagline">Draft speeches, statements, declarations and press releases together, take them through sign-off, and release them.</p>
        <ul className="signin-points">
          <li>Write in one draft at the same time, in every language you work in.</li>
          <li>Nothing is released until the right people approve that exact text.</li>
          <li>Every version is kept, compared and attributed.</li>
        </ul>
      </section>
      <main className="signin-main">
        <div className="signin-card">
          <h1>Sign in to Communiqué</h1>
          <p className="hint">Use your work email and password{sso ? `, or ${sso}` : ''}.</p>
          <SignInForm next={next} sso={sso} initialError={error ? (ERRORS[error] ?? FALLBACK_ERROR) : null} timeZone={org.timeZone} />
        </div>
        <p className="signin-foot">
          Forgot your password? Ask an administrator of {org.name} to set a new one. <a href="/newsroom">Read the newsroom</a> without signing in.
        </p>
      </main>
    </div>
  );
}
