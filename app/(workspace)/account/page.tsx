import { redirect } from 'next/navigation';
import { ChangePasswordForm } from '@/components/ChangePasswordForm';
import { MailSettings } from '@/components/MailSettings';
import { SignOutEverywhereButton } from '@/components/SignOutEverywhereButton';
import { roleLabel } from '@/lib/text/roles';
import { mailSettings } from '@/server/commands/mail';
import { organisation } from '@/server/commands/organisation';
import { currentUser } from '@/server/next/http';
import { getServices } from '@/server/registry';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Your account' };

export default async function AccountPage() {
  const user = await currentUser();
  if (!user) redirect('/signin?callbackUrl=/account');
  const services = getServices();
  const { storage, env } = services;
  // A person invited to sign in with single sign-on has no password here to change.
  const [stored, mail, org] = await Promise.all([storage.findUserById(user.id), mailSettings(services, user), organisation(services)]);
  const hasPassword = Boolean(stored?.passwordHash);
  return (
    <main className="page narrow">
      <h1>Your account</h1>
      <p>
        {user.name} · {user.email} · <span className="role">{roleLabel(user.role)}</span>
      </p>
      {hasPassword ? (
        <>
          <h2>Change your password</h2>
          <ChangePasswordForm email={user.email} />
        </>
      ) : (
        <>
          <h2>Signing in</h2>
          <p>You sign in with {env.OIDC_NAME}; you have no password in Communiqué to change.</p>
        </>
      )}
      <h2>Mail</h2>
      <MailSettings mode={mail.mode} digestHour={mail.digestHour} enabled={mail.enabled} timeZone={org.timeZone} />
      <h2>Your sessions</h2>
      <SignOutEverywhereButton />
    </main>
  );
}
