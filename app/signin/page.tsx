import { redirect } from 'next/navigation';
import { SignInForm } from '../../components/SignInForm';
import { currentUser } from '../../server/next/http';
import { getServices } from '../../server/registry';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Sign in' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const { callbackUrl, error } = await searchParams;
  const next = callbackUrl?.startsWith('/') && !callbackUrl.startsWith('//') ? callbackUrl : '/documents';
  if (await currentUser()) redirect(next);
  const { env } = getServices();
  const sso = env.OIDC_ISSUER ? env.OIDC_NAME : null;
  return (
    <main className="signin">
      <div className="signin-card">
        {env.ORG_NAME !== 'Communiqué' && <p className="brand">{env.ORG_NAME}</p>}
        <h1>Sign in to Communiqué</h1>
        <SignInForm next={next} sso={sso} initialError={error ? 'Sign-in failed. Check your email and password and try again.' : null} />
      </div>
    </main>
  );
}
